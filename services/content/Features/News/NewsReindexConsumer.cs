using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;
using RabatPlatform.Content.Features.Editorial;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence.Inbox;

namespace RabatPlatform.Content.Features.News;

/// <summary>
/// Answers search's request to rebuild its index: every published news item and page is announced
/// again (<c>search.item_reannounced</c>, which notifies nobody; only their ready versions), then
/// <c>search.reindex_completed</c>, all through the outbox in one transaction.
/// </summary>
public sealed class NewsReindexConsumer(ContentDbContext db, TimeProvider time, ILogger<NewsReindexConsumer> logger)
    : IdempotentConsumer<SearchReindexRequested, ContentDbContext>(db, time, logger)
{
    protected override async Task HandleAsync(SearchReindexRequested message, ConsumeContext<SearchReindexRequested> context)
    {
        var now = Time.GetUtcNow();
        var published = await Db.Set<EditorialItem>().AsNoTracking()
            .Where(n => n.Status == EditorialStatus.Published && n.Translations.Any(t => t.Ready))
            .ToListAsync(context.CancellationToken);
        foreach (var item in published)
        {
            Db.Publish(new SearchItemReannounced(
                Guid.CreateVersion7(now), now, message.RebuildId, item.Type, item.Id, item.PublicTexts(),
                item.PublishedAt ?? item.UpdatedAt, item.Tags, []));
        }

        Db.Publish(new SearchReindexCompleted(
            Guid.CreateVersion7(now), now, message.RebuildId, ResourceNames.Content, ["news", "page"], published.Count));
    }
}
