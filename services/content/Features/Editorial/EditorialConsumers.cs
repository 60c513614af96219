using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>
/// Answers search's request to rebuild its index: every published news item and page is announced
/// again (<c>search.item_reannounced</c>, which notifies nobody; only their ready versions), then
/// <c>search.reindex_completed</c>, all through the outbox in one transaction.
/// </summary>
public sealed class NewsReindexConsumer(ContentDbContext db, TimeProvider time)
    : IConsumer<SearchReindexRequested>
{
    public async Task Consume(ConsumeContext<SearchReindexRequested> context)
    {
        var message = context.Message;
        var now = time.GetUtcNow();
        var published = await db.Set<EditorialItem>().AsNoTracking()
            .Where(n => n.Status == EditorialStatus.Published && n.Translations.Any(t => t.Ready))
            .ToListAsync(context.CancellationToken);
        foreach (var item in published)
        {
            var searchItem = SearchItem.Editorial(item.Type, item.Id, item.PublishedAt ?? item.UpdatedAt, item.PublicTexts(), item.Tags);
            db.Publish(searchItem.Reannounce(message.RebuildId, now));
        }

        db.Publish(new SearchReindexCompleted(
            Guid.CreateVersion7(now), now, message.RebuildId, ResourceNames.Content, [SearchItemTypes.News, SearchItemTypes.Page], published.Count));
    }
}
