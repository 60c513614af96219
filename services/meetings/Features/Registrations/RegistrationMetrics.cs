using System.Diagnostics.Metrics;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence.Outbox;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>
/// The meetings service's own metrics (meter <c>RabatPlatform.Meetings</c>, exported by ServiceDefaults like every
/// <c>RabatPlatform.*</c> meter).
/// </summary>
internal static class RegistrationMetrics
{
    private const string EventPrefix = "registration.";

    private static readonly Meter Meter = new("RabatPlatform.Meetings");

    private static readonly Counter<long> Registrations = Meter.CreateCounter<long>(
        "rabat.registrations", "{registration}",
        "Registration steps committed, by outcome: submitted, confirmed, waitlisted, promoted (offered a freed seat), rejected, cancelled.");

    /// <summary>Counts the committed <c>registration.*</c> events, the outcome being the event's name.</summary>
    public static void Committed(IEnumerable<OutboxMessage> events)
    {
        foreach (var e in events)
        {
            // registration.meeting_changed tells a delegate of the meeting's move: not a registration step.
            if (e.Type.StartsWith(EventPrefix, StringComparison.Ordinal) && e.Type != EventTypes.NameOf<RegistrationMeetingChanged>())
            {
                Registrations.Add(1, new KeyValuePair<string, object?>("outcome", e.Type[EventPrefix.Length..]));
            }
        }
    }
}
