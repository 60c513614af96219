using System.Diagnostics;
using System.Text.Json;
using RabatPlatform.Contracts;

namespace RabatPlatform.Persistence.Outbox;

public enum OutboxStatus
{
    Pending = 0,
    Sent = 1,
    Dead = 2,
}

/// <summary>
/// An event waiting to be published: a row written in the same transaction as the change that caused it.
/// </summary>
public sealed class OutboxMessage
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private OutboxMessage()
    {
    }

    /// <summary>The event's id, also its MassTransit message id (what consumers' inboxes key on).</summary>
    public Guid Id { get; private set; }

    /// <summary>The event type name, e.g. <c>news.published</c>.</summary>
    public string Type { get; private set; } = "";

    public string Payload { get; private set; } = "";

    /// <summary>W3C trace context of the request that wrote the event, so the trace continues past the broker.</summary>
    public string? TraceParent { get; private set; }

    public string? TraceState { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public OutboxStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public string? LastError { get; private set; }

    public static OutboxMessage Create<T>(T @event, Activity? activity) where T : class, IIntegrationEvent => new()
    {
        Id = @event.EventId,
        Type = EventTypes.NameOf<T>(),
        Payload = JsonSerializer.Serialize(@event, Json),
        TraceParent = activity?.Id,
        TraceState = activity?.TraceStateString,
        CreatedAt = @event.OccurredAt,
        NextAttemptAt = @event.OccurredAt,
        Status = OutboxStatus.Pending,
    };

    internal object Deserialize(Type type) =>
        JsonSerializer.Deserialize(Payload, type, Json)
        ?? throw new JsonException($"Outbox message {Id} has an empty payload.");

    internal void MarkSent(DateTimeOffset now)
    {
        Status = OutboxStatus.Sent;
        SentAt = now;
        Attempts++;
        LastError = null;
    }

    /// <summary>Records a failed attempt; returns true when the message is now dead.</summary>
    internal bool MarkFailed(string error, DateTimeOffset now, OutboxOptions options, bool permanent)
    {
        Attempts++;
        LastError = error.Length > 2000 ? error[..2000] : error;
        if (permanent || Attempts >= options.MaxAttempts)
        {
            Status = OutboxStatus.Dead;
            return true;
        }

        NextAttemptAt = now + options.Backoff(Attempts);
        return false;
    }
}
