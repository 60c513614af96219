using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RabatPlatform.Messaging;

/// <summary>The traces and metrics of the outbox and inbox (registered by ServiceDefaults).</summary>
public static class MessagingDiagnostics
{
    public const string Name = "RabatPlatform.Messaging";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Published = Meter.CreateCounter<long>(
        "rabat.outbox.published", description: "Events published from the outbox.");

    internal static readonly Counter<long> PublishFailures = Meter.CreateCounter<long>(
        "rabat.outbox.publish_failures", description: "Failed attempts to publish an outbox event.");

    internal static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>(
        "rabat.outbox.dead", description: "Outbox events given up after too many failures.");

    internal static readonly Counter<long> Duplicates = Meter.CreateCounter<long>(
        "rabat.inbox.duplicates", description: "Deliveries skipped because the inbox had already processed them.");
}
