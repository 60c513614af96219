using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence.Jobs;

namespace RabatPlatform.Persistence.Outbox;

/// <summary>
/// Publishes a service's outbox: woken right after a commit that wrote events, and sweeping on an
/// interval for anything left (a broker outage, a crash between commit and publish). Rows are claimed
/// with <c>FOR UPDATE SKIP LOCKED</c>, so several replicas can run side by side. Publishing waits for
/// the broker's confirmation before the row is marked sent: delivery is at least once, and consumers'
/// inboxes make it effectively once.
/// </summary>
/// <remarks>
/// Several replicas: every replica runs its dispatcher, and they share the rows. A batch is claimed and published inside
/// one transaction that holds its rows' locks (<c>FOR UPDATE SKIP LOCKED</c>) until they are marked sent, so another
/// dispatcher skips them instead of publishing them again, and takes the next rows instead of waiting: nothing stalls
/// behind a slow batch. A replica that dies mid-batch drops its connection; its transaction rolls back, the rows are
/// pending and unlocked again, and the next sweep of another replica publishes them (again, if the broker had them
/// already: at least once, the inboxes skip the copy). The hourly retention clean-up runs on one replica at a time
/// (<see cref="JobLease"/> <c>outbox.cleanup</c>); it only deletes, so an overlap would be harmless anyway. ScaleOut
/// tests: two dispatchers publish 500 rows, each once.
/// </remarks>
public sealed partial class OutboxDispatcher<TContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal<TContext> signal,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher<TContext>> logger) : BackgroundService
    where TContext : ServiceDbContext
{
    /// <summary>Dead rows are counted less often than pending ones: that count scans the table.</summary>
    private static readonly TimeSpan DeadCountInterval = TimeSpan.FromMinutes(1);

    /// <summary>The job lease of the retention clean-up (one replica at a time).</summary>
    public const string CleanupJob = "outbox.cleanup";

    private readonly OutboxOptions options = options.Value;
    private DateTimeOffset nextCleanup = DateTimeOffset.MinValue;
    private OutboxBacklog? backlog;
    private long? lastMeasured;
    private long? lastDeadCount;

    /// <summary>The sweeps this dispatcher completed (tests await the next ones instead of sleeping).</summary>
    public JobRounds Rounds { get; } = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    while (await DispatchBatchAsync(stoppingToken))
                    {
                        // A full batch went out: there may be more. The gauges follow a long drain too.
                        await MeasureAsync(stoppingToken);
                    }

                    await CleanupAsync(stoppingToken);
                    await MeasureAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // The database may be down: try again at the next sweep.
                    LogSweepFailed(ex);
                }

                Rounds.Complete();
                await signal.WaitAsync(options.SweepInterval, stoppingToken);
            }
        }
        finally
        {
            if (backlog is not null)
            {
                PersistenceDiagnostics.StopObserving(backlog);
            }
        }
    }

    /// <summary>
    /// Refreshes the outbox gauges (<c>rabat.outbox.backlog</c>, <c>.age</c>, <c>.dead_rows</c>): pending rows at
    /// most once a sweep interval (an index-only scan of the pending rows' partial index), dead rows once a minute.
    /// </summary>
    private async Task MeasureAsync(CancellationToken cancellationToken)
    {
        if (lastMeasured is { } measured && time.GetElapsedTime(measured) < options.SweepInterval)
        {
            return;
        }

        lastMeasured = time.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var pending = await db.Database.SqlQuery<PendingRows>($"""
            SELECT count(*) AS count, min(created_at) AS oldest FROM outbox_messages
            WHERE status = {(int)OutboxStatus.Pending}
            """).SingleAsync(cancellationToken);
        var dead = backlog?.Current.Dead ?? 0;
        if (lastDeadCount is not { } counted || time.GetElapsedTime(counted) >= DeadCountInterval)
        {
            dead = await db.OutboxMessages.LongCountAsync(m => m.Status == OutboxStatus.Dead, cancellationToken);
            lastDeadCount = time.GetTimestamp();
        }

        if (backlog is null)
        {
            backlog = new OutboxBacklog(db.Database.GetDbConnection().Database, time);
            PersistenceDiagnostics.Observe(backlog);
        }

        backlog.Current = new(pending.Count, pending.Oldest, dead);
    }

    private sealed record PendingRows(long Count, DateTimeOffset? Oldest);

    /// <summary>Publishes one batch of due messages; true when a whole batch went out and more may wait.</summary>
    public async Task<bool> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var now = time.GetUtcNow();
        var batch = await db.OutboxMessages
            .FromSql($"""
                SELECT * FROM outbox_messages
                WHERE status = {(int)OutboxStatus.Pending} AND next_attempt_at <= {now}
                ORDER BY created_at
                LIMIT {options.BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);

        // The whole batch is published at once and the broker's confirmations are awaited together (one round trip of
        // confirms instead of one per event); each outcome is then recorded on its own row.
        var outcomes = await Task.WhenAll(batch.Select(async message =>
        {
            try
            {
                await PublishAsync(message, cancellationToken);
                return null;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                return ex;
            }
        }));

        var failed = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i];
            if (outcomes[i] is not { } ex)
            {
                message.MarkSent(time.GetUtcNow());
                PersistenceDiagnostics.Published.Add(1, new KeyValuePair<string, object?>("event.type", message.Type));
                continue;
            }

            var permanent = ex is JsonException or UnknownEventTypeException;
            PersistenceDiagnostics.PublishFailures.Add(1, new KeyValuePair<string, object?>("event.type", message.Type));
            if (message.MarkFailed(ex.Message, time.GetUtcNow(), options, permanent))
            {
                PersistenceDiagnostics.DeadLettered.Add(1, new KeyValuePair<string, object?>("event.type", message.Type));
                LogDead(ex, message.Id, message.Type, message.Attempts);
            }
            else if (!failed)
            {
                // Once per batch: with the broker away, every event of the batch fails the same way.
                LogPublishFailed(message.Id, message.Type, message.Attempts, message.NextAttemptAt, ex.Message);
            }

            // A temporary failure: the broker is likely unreachable, so no new batch before the next sweep.
            failed |= !permanent;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return !failed && batch.Count == options.BatchSize;
    }

    private async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var type = EventTypes.Find(message.Type) ?? throw new UnknownEventTypeException(message.Type);
        var payload = message.Deserialize(type);

        // Continue the trace of the request that wrote the event; MassTransit's publish activity
        // becomes a child of this one and carries the context on to every consumer.
        ActivityContext.TryParse(message.TraceParent, message.TraceState, out var parent);
        using var activity = MessagingDiagnostics.Source.StartActivity(
            $"outbox dispatch {message.Type}", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", message.Id);
        activity?.SetTag("rabat.event.type", message.Type);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PublishTimeout);
        await bus.Publish(payload, type, context =>
        {
            context.MessageId = message.Id;
            context.Headers.Set("rabat-event-type", message.Type);
        }, timeout.Token);
    }

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < nextCleanup)
        {
            return;
        }

        nextCleanup = now + TimeSpan.FromHours(1);
        await using var lease = await JobLease.TryAcquireAsync<TContext>(scopes, CleanupJob, cancellationToken);
        if (lease is null)
        {
            return; // another replica cleans up right now
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var sentBefore = now - options.SentRetention;
        var sent = await db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Sent && m.SentAt < sentBefore)
            .ExecuteDeleteAsync(cancellationToken);
        var processedBefore = now - options.InboxRetention;
        var processed = await db.InboxMessages
            .Where(m => m.ProcessedAt < processedBefore)
            .ExecuteDeleteAsync(cancellationToken);
        if (sent + processed > 0)
        {
            LogCleanedUp(sent, processed);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Sent} sent outbox event(s) and {Processed} inbox row(s)")]
    private partial void LogCleanedUp(int sent, int processed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox sweep failed; retrying at the next interval")]
    private partial void LogSweepFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing outbox event {EventId} ({EventType}) failed on attempt {Attempts}; next attempt at {NextAttemptAt}: {Error}")]
    private partial void LogPublishFailed(Guid eventId, string eventType, int attempts, DateTimeOffset nextAttemptAt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox event {EventId} ({EventType}) is dead after {Attempts} attempts; requeue it by setting its status back to 0")]
    private partial void LogDead(Exception ex, Guid eventId, string eventType, int attempts);
}

public sealed class UnknownEventTypeException(string type)
    : Exception($"No event type named '{type}' exists in RabatPlatform.Contracts.");
