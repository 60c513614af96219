using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using RabatPlatform.Messaging;

namespace RabatPlatform.Persistence;

/// <summary>The metrics of the outbox and the inbox, under the meter <c>RabatPlatform.Messaging</c>.</summary>
internal static class PersistenceDiagnostics
{
    /// <summary>Messaging's own meter (visible to persistence): one <c>RabatPlatform.Messaging</c> meter per process.</summary>
    private static Meter Meter => MessagingDiagnostics.Meter;

    /// <summary>The outboxes of this process (one per service; the tests host five), as last measured.</summary>
    private static readonly ConcurrentDictionary<OutboxBacklog, byte> Outboxes = new();

    internal static readonly Counter<long> Published = Meter.CreateCounter<long>(
        "rabat.outbox.published", "{event}", "Events published from the outbox (confirmed by the broker), by event.type.");

    internal static readonly Counter<long> PublishFailures = Meter.CreateCounter<long>(
        "rabat.outbox.publish_failures", "{attempt}", "Failed attempts to publish an outbox event (each is retried with backoff), by event.type.");

    internal static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>(
        "rabat.outbox.dead", "{event}", "Outbox events given up after too many failures (kept as status 2 until requeued), by event.type.");

    internal static readonly Counter<long> Duplicates = Meter.CreateCounter<long>(
        "rabat.inbox.duplicates", "{delivery}", "Deliveries skipped because the inbox had already processed them, by consumer.");

    internal static readonly ObservableGauge<long> Backlog = Meter.CreateObservableGauge(
        "rabat.outbox.backlog",
        () => Outboxes.Keys.Select(o => new Measurement<long>(o.Current.Pending, o.Tag)),
        "{event}", "Events in the outbox waiting to be published (including those waiting for a retry), by db.namespace.");

    internal static readonly ObservableGauge<double> Age = Meter.CreateObservableGauge(
        "rabat.outbox.age",
        () => Outboxes.Keys.Select(o => new Measurement<double>(o.AgeSeconds, o.Tag)),
        "s", "Age of the oldest event waiting in the outbox (0 when none waits), by db.namespace.");

    internal static readonly ObservableGauge<long> DeadRows = Meter.CreateObservableGauge(
        "rabat.outbox.dead_rows",
        () => Outboxes.Keys.Select(o => new Measurement<long>(o.Current.Dead, o.Tag)),
        "{event}", "Dead events kept in the outbox until an operator requeues them, by db.namespace.");

    internal static void Observe(OutboxBacklog outbox) => Outboxes.TryAdd(outbox, 0);

    internal static void StopObserving(OutboxBacklog outbox) => Outboxes.TryRemove(outbox, out _);
}

/// <summary>What one service's outbox table holds, as its dispatcher last measured it (read by the gauges).</summary>
internal sealed class OutboxBacklog(string database, TimeProvider time)
{
    public sealed record Snapshot(long Pending, DateTimeOffset? OldestPending, long Dead);

    private volatile Snapshot current = new(0, null, 0);

    public KeyValuePair<string, object?> Tag { get; } = new("db.namespace", database);

    public Snapshot Current
    {
        get => current;
        set => current = value;
    }

    public double AgeSeconds =>
        Current.OldestPending is { } oldest ? Math.Max(0, (time.GetUtcNow() - oldest).TotalSeconds) : 0;
}
