using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Content.Data;
using RabatPlatform.Persistence.Jobs;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>
/// Publishes scheduled items when their <c>publishAt</c> passes and archives published items when
/// their <c>unpublishAt</c> passes, every <c>Content:Scheduler:Interval</c>. Each item is saved on its
/// own (with its event in the outbox and a revision by "scheduler"); an item changed meanwhile by
/// someone else (or another replica) is simply tried again on the next round.
/// </summary>
/// <remarks>
/// Several replicas: one round at a time runs, under the job lease <see cref="JobName"/> (<see cref="JobLease"/>); the
/// others skip theirs. Even without it an item is changed once: the save is checked against the item's concurrency
/// token (xmin), so of two rounds that read the same due item, the second save fails and that round skips the item
/// (ScaleOut tests run two rounds at once to show it). A replica that dies mid-round releases the lease with its
/// connection; the next round of another replica takes over.
/// </remarks>
public sealed partial class EditorialScheduler(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<EditorialOptions> options, ILogger<EditorialScheduler> logger)
    : BackgroundService
{
    public const string Author = "scheduler";

    /// <summary>The job lease of the scheduler's rounds (one replica at a time).</summary>
    public const string JobName = "content.editorial-scheduler";
    private static readonly ActivitySource Activity = new("RabatPlatform.Content");

    /// <summary>The rounds this loop completed (tests await the next ones instead of sleeping).</summary>
    public JobRounds Rounds { get; } = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Scheduler.Interval, time);
        do
        {
            try
            {
                await JobLease.RunAloneAsync<ContentDbContext>(scopes, JobName, RunOnceAsync, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRoundFailed(ex);
            }

            Rounds.Complete();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round: what is due now. Returns the number of items changed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDbContext>();
        var now = time.GetUtcNow();
        var batch = options.Value.Scheduler.BatchSize;
        var due = await db.Set<EditorialItem>().AsNoTracking()
            .Where(n => (n.Status == EditorialStatus.Scheduled && n.PublishAt <= now)
                || (n.Status == EditorialStatus.Published && n.UnpublishAt <= now))
            .OrderBy(n => n.PublishAt ?? n.UnpublishAt)
            .Select(n => n.Id)
            .Take(batch)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        using var activity = Activity.StartActivity("editorial.scheduler.round");
        activity?.SetTag("rabat.editorial.due", due.Count);
        var changed = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var item = await db.Set<EditorialItem>().FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
            if (item is null)
            {
                continue;
            }

            var before = RevisionSnapshot.Of(item);
            if (item.Status == EditorialStatus.Scheduled && item.PublishAt <= now)
            {
                item.Publish(item.PublishAt.Value, now);
                item.AnnouncePublished(db, now);
                Revisions.Record(db, item, before, "published", Author, now);
            }
            else if (item.Status == EditorialStatus.Published && item.UnpublishAt <= now)
            {
                item.AnnounceUnpublished(db, now);
                item.Archive(now);
                Revisions.Record(db, item, before, "archived", Author, now);
            }
            else
            {
                continue;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                changed++;
                LogChanged(item.Type, item.Id, item.Status.ToString());
            }
            catch (DbUpdateException ex)
            {
                LogItemSkipped(item.Id, ex.GetType().Name);
            }
        }

        return changed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler: {Type} {Id} is now {Status}")]
    private partial void LogChanged(string type, Guid id, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler: item {Id} changed meanwhile ({Reason}); next round")]
    private partial void LogItemSkipped(Guid id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduler round failed")]
    private partial void LogRoundFailed(Exception exception);
}
