namespace RabatPlatform.Subscriptions.Features.Email;

/// <summary>Mail delivery: the queue (<c>mail_queue</c>), its sender and the delivery log. No endpoints.</summary>
public static class EmailFeature
{
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailSenderOptions>().BindConfiguration(MailSenderOptions.Section);
        builder.Services.AddSingleton<MailFactory>();
        builder.Services.AddScoped<DeliveryRecorder>();
        builder.Services.AddHostedService<MailSender>();
        return builder;
    }
}
