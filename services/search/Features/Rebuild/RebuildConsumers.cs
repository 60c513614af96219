using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Search.Data;
using RabatPlatform.Search.Features.Indexing;

namespace RabatPlatform.Search.Features.Rebuild;

/// <summary>A producer's answer to a rebuild: its item, projected by the producer as live indexing projects it.</summary>
public sealed class SearchItemReannouncedConsumer(SearchDbContext db, TimeProvider time) : IConsumer<SearchItemReannounced>
{
    public Task Consume(ConsumeContext<SearchItemReannounced> context) =>
        SearchItemTypes.All.Contains(context.Message.ItemType)
            ? SearchIndexer.UpsertAsync(db, SearchItem.From(context.Message), context.Message.OccurredAt, time.GetUtcNow(), context.CancellationToken)
            : Task.CompletedTask;
}

public sealed class SearchReindexCompletedConsumer(SearchDbContext db, TimeProvider time) : IConsumer<SearchReindexCompleted>
{
    private static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(20);

    public async Task Consume(ConsumeContext<SearchReindexCompleted> context)
    {
        var m = context.Message;
        var rebuild = await db.Rebuilds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == m.RebuildId, context.CancellationToken);
        if (rebuild is null)
        {
            return;
        }

        // The re-announcements travel on another queue: until all of them are in, drop nothing (a retry,
        // then the error queue, which leaves stale documents rather than hiding live ones).
        // They usually are within moments: wait for them here (each statement sees new commits) before
        // leaving it to the retries, so a busy re-announcement queue doesn't exhaust them.
        var waitUntil = time.GetUtcNow() + CatchUpWait;
        int refreshed;
        while ((refreshed = await db.Documents
            .Where(d => m.ItemTypes.Contains(d.ItemType) && d.RefreshedAt >= rebuild.StartedAt)
            .Select(d => d.ItemId).Distinct().CountAsync(context.CancellationToken)) < m.Count)
        {
            if (time.GetUtcNow() > waitUntil)
            {
                throw new RebuildNotCaughtUpException(m.Service, refreshed, m.Count);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), context.CancellationToken);
        }

        // What was not refreshed since the rebuild began no longer exists in its service.
        await db.Documents
            .Where(d => m.ItemTypes.Contains(d.ItemType) && d.RefreshedAt < rebuild.StartedAt)
            .ExecuteDeleteAsync(context.CancellationToken);
        foreach (var itemType in m.ItemTypes)
        {
            SearchIndexer.Announce(db, itemType, Guid.Empty, time.GetUtcNow());
        }

        // The services' completions are consumed side by side: the row is locked (until the inbox filter commits)
        // so that none overwrites another's.
        var locked = await db.Rebuilds
            .FromSql($"SELECT * FROM search_rebuilds WHERE id = {m.RebuildId} FOR UPDATE")
            .SingleAsync(context.CancellationToken);
        locked.CompletedServices = [.. locked.CompletedServices.Append(m.Service).Distinct()];
        locked.ItemsReannounced += m.Count;
        locked.LastCompletionAt = m.OccurredAt;
    }
}

public sealed class RebuildNotCaughtUpException(string service, int refreshed, int announced)
    : Exception($"{refreshed} of the {announced} items {service} re-announced are indexed so far.");
