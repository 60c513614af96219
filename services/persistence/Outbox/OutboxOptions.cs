namespace RabatPlatform.Persistence.Outbox;

/// <summary>Settings of the outbox dispatcher (configuration section <c>Messaging:Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Messaging:Outbox";

    /// <summary>How often the sweeper looks for events that were not published right after commit.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Events are handed from the commit straight to the dispatcher of the process that wrote them, which publishes
    /// them without reading them back; meanwhile the sweeps (of every replica) leave their rows alone for this long,
    /// then take them if they are still pending (the writer died first, or could not publish). Zero turns the
    /// hand-off off: every event then waits for a sweep, which the commit wakes.
    /// </summary>
    public TimeSpan HandoffWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long after publishing a handed-over event its row is marked sent (with every other one published
    /// meanwhile): out of the way of the consumers' work, and one statement for many events under load.
    /// </summary>
    public TimeSpan MarkSentDelay { get; set; } = TimeSpan.FromMilliseconds(50);

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
