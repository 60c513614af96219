using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Publications.Data;

namespace RabatPlatform.Publications.Features.Publications;

/// <summary>Answers search's rebuild request: every published publication again, then <c>search.reindex_completed</c>.</summary>
public sealed class PublicationReindexConsumer(PublicationsDbContext db, TimeProvider time)
    : IConsumer<SearchReindexRequested>
{
    public async Task Consume(ConsumeContext<SearchReindexRequested> context)
    {
        var message = context.Message;
        var now = time.GetUtcNow();
        var published = await db.Set<Publication>().AsNoTracking()
            .Where(p => p.Status == PublicationStatus.Published)
            .ToListAsync(context.CancellationToken);
        foreach (var p in published)
        {
            // The event the publication is published with, projected as live indexing projects it.
            db.Publish(SearchItem.From(p.ToPublishedEvent(now)).Reannounce(message.RebuildId, now));
        }

        db.Publish(new SearchReindexCompleted(
            Guid.CreateVersion7(now), now, message.RebuildId, ResourceNames.Publications, [SearchItemTypes.Publication], published.Count));
    }
}
