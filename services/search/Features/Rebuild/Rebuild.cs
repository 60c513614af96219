using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Search.Data;
using RabatPlatform.Search.Features.Indexing;

namespace RabatPlatform.Search.Features.Rebuild;

public sealed record RebuildStatus(Guid Id, DateTimeOffset StartedAt, IReadOnlyList<string> CompletedServices, int ItemsReannounced, DateTimeOffset? LastCompletionAt)
{
    public static RebuildStatus From(SearchRebuild r) => new(r.Id, r.StartedAt, r.CompletedServices, r.ItemsReannounced, r.LastCompletionAt);
}

/// <summary>
/// Rebuilding the index without downtime: <c>POST /api/search/rebuild</c> asks every service (an event,
/// <c>search.reindex_requested</c>) to announce its public items again. The index keeps answering
/// meanwhile; each re-announced item refreshes its documents, and when a service says it is done,
/// the documents of its item types that were not refreshed since the rebuild began are dropped.
/// </summary>
public static class RebuildApi
{
    public static RouteGroupBuilder MapRebuildApi(this RouteGroupBuilder api)
    {
        var rebuild = api.MapGroup("/rebuild").WithTags("Search").RequireAuthorization(PlatformPolicies.Secretariat);
        rebuild.MapPost("/", StartAsync);
        rebuild.MapGet("/{id:guid}", GetAsync);
        return api;
    }

    internal static async Task<Accepted<RebuildStatus>> StartAsync(SearchDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rebuild = new SearchRebuild { Id = Guid.CreateVersion7(now), StartedAt = now };
        db.Rebuilds.Add(rebuild);
        db.Publish(new SearchReindexRequested(Guid.CreateVersion7(now), now, rebuild.Id));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/search/rebuild/{rebuild.Id}", RebuildStatus.From(rebuild));
    }

    internal static async Task<Results<Ok<RebuildStatus>, ProblemHttpResult>> GetAsync(
        HttpContext http, Guid id, SearchDbContext db, CancellationToken cancellationToken)
    {
        var rebuild = await db.Rebuilds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return rebuild is null
            ? Problems.NotFound(RequestLanguage.Resolve(http), ("Reconstruction inconnue", "Unknown rebuild"), ($"Aucune reconstruction « {id} ».", $"No rebuild '{id}'."))
            : TypedResults.Ok(RebuildStatus.From(rebuild));
    }
}

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
        var rebuild = await db.Rebuilds.FirstOrDefaultAsync(r => r.Id == m.RebuildId, context.CancellationToken);
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

        rebuild.CompletedServices = [.. rebuild.CompletedServices.Append(m.Service).Distinct()];
        rebuild.ItemsReannounced += m.Count;
        rebuild.LastCompletionAt = m.OccurredAt;
    }
}

public sealed class RebuildNotCaughtUpException(string service, int refreshed, int announced)
    : Exception($"{refreshed} of the {announced} items {service} re-announced are indexed so far.");
