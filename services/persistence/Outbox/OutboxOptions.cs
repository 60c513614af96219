namespace RabatPlatform.Persistence.Outbox;

/// <summary>Settings of the outbox dispatcher (configuration section <c>Messaging:Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Messaging:Outbox";

    /// <summary>How often the sweeper looks for events that were not published right after commit.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    public int BatchSize { get; set; } = 100;

    /// <summary>How long one publish may wait for the broker's confirmation.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Attempts before a message is marked dead. With the defaults, about 4 hours of broker outage
    /// are ridden out; dead rows are kept (never deleted) for an operator to requeue.
    /// </summary>
    public int MaxAttempts { get; set; } = 60;

    /// <summary>How long published rows are kept before the sweeper deletes them.</summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long inbox rows are kept: longer than any redelivery could come late.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Exponential backoff with ±20 % jitter, capped at <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Min(attempts - 1, 20);
        var delay = Math.Min(FirstRetryDelay.TotalMilliseconds * Math.Pow(2, exponent), MaxRetryDelay.TotalMilliseconds);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(delay * jitter);
    }
}
