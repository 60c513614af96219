using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RabatPlatform.Messaging;

/// <summary>
/// The traces and metrics of messaging (meter and source <c>RabatPlatform.Messaging</c>, exported by
/// ServiceDefaults like every <c>RabatPlatform.*</c> one); the outbox and inbox add theirs under the same
/// name (RabatPlatform.Persistence's <c>PersistenceDiagnostics</c>).
/// </summary>
public static class MessagingDiagnostics
{
    public const string Name = "RabatPlatform.Messaging";

    public static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> MovedToError = Meter.CreateCounter<long>(
        "rabat.messaging.moved_to_error", "{message}",
        "Messages moved to a consumer's _error queue once their retries failed, by queue (messaging.destination.name) and error.type.");
}
