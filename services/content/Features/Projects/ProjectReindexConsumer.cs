using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Projects;

/// <summary>
/// Answers search's request to rebuild its index with every project (<c>search.item_reannounced</c>,
/// item type <c>project</c>), then <c>search.reindex_completed</c> for the project item type, in one
/// outbox transaction.
/// </summary>
public sealed class ProjectReindexConsumer(ContentDbContext db, TimeProvider time)
    : IConsumer<SearchReindexRequested>
{
    public const string ItemType = SearchItemTypes.Project;

    /// <summary>
    /// The announcer's name in <c>search.reindex_completed</c>: the news consumer already answers as
    /// <c>content</c>, and search lists completions by this name, so the projects answer on their own.
    /// </summary>
    public const string Announcer = ResourceNames.Content + "-projects";

    public async Task Consume(ConsumeContext<SearchReindexRequested> context)
    {
        var message = context.Message;
        var now = time.GetUtcNow();
        var projects = await db.Set<Project>().AsNoTracking().ToListAsync(context.CancellationToken);
        foreach (var project in projects)
        {
            // The event the project is published with, projected as live indexing projects it.
            db.Publish(SearchItem.From(project.ToPublishedEvent(now)).Reannounce(message.RebuildId, now));
        }

        db.Publish(new SearchReindexCompleted(
            Guid.CreateVersion7(now), now, message.RebuildId, Announcer, [ItemType], projects.Count));
    }
}
