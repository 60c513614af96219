using MassTransit;
using RabatPlatform.Subscriptions.Features.Email;
using RabatPlatform.Subscriptions.Features.Notifications;

namespace RabatPlatform.Subscriptions.Features.Newsletter;

public static class NewsletterFeatures
{
    /// <summary>The newsletter, its notifications, registration mails and the mail queue's sender.</summary>
    public static IServiceCollection AddNewsletter(this IServiceCollection services)
    {
        services.AddOptions<NewsletterOptions>().BindConfiguration(NewsletterOptions.Section)
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
                "Subscriptions:PublicBaseUrl must be an absolute http(s) URL.")
            .ValidateOnStart();
        services.AddOptions<MailSenderOptions>().BindConfiguration(MailSenderOptions.Section);
        services.AddSingleton<NewsletterTokens>();
        services.AddSingleton<MailFactory>();
        services.AddSingleton<NotificationFanOut>();
        services.AddSingleton<RegistrationMails>();
        services.AddScoped<DeliveryRecorder>();
        services.AddHostedService<MailSender>();
        return services;
    }

    public static void AddNewsletterConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<NewsPublishedNotifier>();
        bus.AddConsumer<MeetingAnnouncedNotifier>();
        bus.AddConsumer<PublicationPublishedNotifier>();
        bus.AddConsumer<RegistrationSubmittedMailer>();
        bus.AddConsumer<RegistrationConfirmedMailer>();
        bus.AddConsumer<RegistrationWaitlistedMailer>();
        bus.AddConsumer<RegistrationPromotedMailer>();
        bus.AddConsumer<RegistrationRejectedMailer>();
        bus.AddConsumer<RegistrationCancelledMailer>();
    }
}
