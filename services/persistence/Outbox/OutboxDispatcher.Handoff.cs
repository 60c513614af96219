using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RabatPlatform.Persistence.Outbox;

/// <summary>
/// The hand-off: events a commit of this process handed over (<see cref="OutboxSignal{TContext}"/>) are published
/// from memory, without the sweep's transaction and read, and marked sent shortly after.
/// </summary>
public sealed partial class OutboxDispatcher<TContext>
{
    /// <summary>Handed-over events published and not yet marked sent (<see cref="MarkSentAsync"/>), and since when.</summary>
    private readonly List<Guid> unmarked = [];
    private long unmarkedSince;

    /// <summary>
    /// Publishes events this process's commits handed over (<see cref="OutboxOptions.HandoffWindow"/>), confirms awaited
    /// together; the published ones are marked sent shortly after, several batches in one statement (no transaction, no read: nobody else takes these
    /// rows during the window; <see cref="MarkSentAsync"/>). An event that could not be published is released to the sweeps at once, which retry it
    /// with backoff and count its attempts. True when a whole batch went out and more may wait.
    /// </summary>
    public async Task<bool> PublishHandedOffAsync(CancellationToken cancellationToken)
    {
        var batch = signal.TakeHandedOff(options.BatchSize);
        if (batch.Count == 0)
        {
            return false;
        }

        var outcomes = await PublishAllAsync(batch, cancellationToken);
        var released = new List<Guid>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is not null)
            {
                released.Add(batch[i].Id);
                continue;
            }

            if (unmarked.Count == 0)
            {
                unmarkedSince = time.GetTimestamp();
            }

            unmarked.Add(batch[i].Id);
            PersistenceDiagnostics.Published.Add(1, new KeyValuePair<string, object?>("event.type", batch[i].Type));
        }

        if (released.Count > 0)
        {
            LogHandoffReleased(released.Count, outcomes.First(o => o is not null)!.Message);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            await db.Database.ExecuteSqlAsync($"""
                UPDATE outbox_messages SET next_attempt_at = {time.GetUtcNow()}
                WHERE id = ANY({released.ToArray()}) AND status = {(int)OutboxStatus.Pending}
                """, cancellationToken);
        }

        return released.Count == 0 && batch.Count == options.BatchSize;
    }

    /// <summary>
    /// Marks the handed-over events published since the last call sent, in one statement (no transaction, no read:
    /// nobody else takes these rows during their window) — once <see cref="OutboxOptions.MarkSentDelay"/> has passed
    /// since the first of them, so that the statement runs after the consumers' work on the way to visible instead of
    /// beside it, and covers every event published meanwhile. A crash before it only means those events are published
    /// again after their window (the inboxes skip the copies).
    /// </summary>
    private async Task MarkSentAsync(bool force, CancellationToken cancellationToken)
    {
        if (unmarked.Count == 0
            || (!force && unmarked.Count < options.BatchSize && time.GetTimestamp() < unmarkedSince + Ticks(options.MarkSentDelay)))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE outbox_messages SET status = {(int)OutboxStatus.Sent}, sent_at = {time.GetUtcNow()}, attempts = attempts + 1, last_error = NULL
            WHERE id = ANY({unmarked.ToArray()}) AND status = {(int)OutboxStatus.Pending}
            """, cancellationToken);
        unmarked.Clear();
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} handed-over event(s) could not be published at once; the outbox sweep retries them: {Error}")]
    private partial void LogHandoffReleased(int count, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: the events published last could not be marked sent; they go out again after their hand-off window")]
    private partial void LogMarkSentAtStopFailed(Exception ex);
}
