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
}
