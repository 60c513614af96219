using System.Diagnostics.Metrics;

namespace RabatPlatform.Subscriptions;

/// <summary>
/// The subscriptions service's own metrics (meter <c>RabatPlatform.Subscriptions</c>, exported by ServiceDefaults
/// like every <c>RabatPlatform.*</c> meter): mails and webhook deliveries.
/// </summary>
internal static class SubscriptionsMetrics
{
    public const string Name = "RabatPlatform.Subscriptions";

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> MailDeliveries = Meter.CreateCounter<long>(
        "rabat.mail.deliveries", "{mail}",
        "Mails the sender finished with, by outcome (sent, temporary-failure, permanent-failure, cancelled) and mail.kind.");

    public static readonly Counter<long> WebhookAttempts = Meter.CreateCounter<long>(
        "rabat.webhooks.attempts", "{attempt}", "Webhook delivery attempts, by outcome (success, failure).");

    public static readonly Histogram<double> WebhookAttemptDuration = Meter.CreateHistogram<double>(
        "rabat.webhooks.attempt.duration", "ms", "Time a webhook delivery attempt took, until the answer or the failure.");
}
