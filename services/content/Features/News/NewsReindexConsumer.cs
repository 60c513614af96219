using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;
using RabatPlatform.Messaging.Inbox;

namespace RabatPlatform.Content.Features.News;

/// <summary>
/// Answers search's request to rebuild its index: every published news item is announced again
/// (<c>search.item_reannounced</c>, which notifies nobody), then <c>search.reindex_completed</c>,
/// all through the outbox in one transaction.
/// </summary>
public sealed class NewsReindexConsumer(ContentDbContext db, TimeProvider time, ILogger<NewsReindexConsumer> logger)
    : IdempotentConsumer<SearchReindexRequested, ContentDbContext>(db, time, logger)
{
    protected override async Task HandleAsync(SearchReindexRequested message, ConsumeContext<SearchReindexRequested> context)
    {
        var now = Time.GetUtcNow();
        var published = await Db.News.AsNoTracking()
            .Where(n => n.Status == NewsStatus.Published)
            .ToListAsync(context.CancellationToken);
        foreach (var item in published)
        {
            Db.Publish(new SearchItemReannounced(
                Guid.CreateVersion7(now), now, message.RebuildId, "news", item.Id, item.TranslatedTexts(),
                item.PublishedAt ?? item.UpdatedAt, item.Tags, []));
        }

        Db.Publish(new SearchReindexCompleted(
            Guid.CreateVersion7(now), now, message.RebuildId, ResourceNames.Content, ["news"], published.Count));
    }
}
