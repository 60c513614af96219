namespace RabatPlatform.Subscriptions.Features.Email;

/// <summary>Mail delivery: the queue (<c>mail_queue</c>), its sender and the delivery log. No endpoints.</summary>
public static class EmailFeature
{
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailSenderOptions>().BindConfiguration(MailSenderOptions.Section);
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.MessageIdDomain) || Uri.CheckHostName(o.MessageIdDomain.Trim()) == UriHostNameType.Dns,
                "Email:MessageIdDomain must be a domain name.")
            .Validate(o => o.Dkim.IsValid,
                "Email:Dkim needs Domain, Selector and PrivateKey (PEM) or an existing PrivateKeyPath when Enabled.")
            .ValidateOnStart();
        builder.Services.AddSingleton<MailSigner>();
        builder.Services.AddSingleton<MailFactory>();
        builder.Services.AddScoped<DeliveryRecorder>();
        builder.Services.AddHostedService<MailSender>();
        return builder;
    }
}
