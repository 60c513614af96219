using MassTransit;

namespace RabatPlatform.Subscriptions.Features.Notifications;

/// <summary>
/// Mails caused by other services' events: newsletter notifications of published items (fanned out to the
/// matching subscribers) and registration mails to meeting delegates. No endpoints.
/// </summary>
public static class NotificationsFeature
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NotificationFanOut>();
        builder.Services.AddSingleton<RegistrationMails>();
        return builder;
    }

    /// <summary>
    /// The notification and registration mail consumers. Kept under the name Program.cs already calls
    /// (its <c>AddServiceMessaging</c> line is being converted to registration by convention).
    /// </summary>
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
