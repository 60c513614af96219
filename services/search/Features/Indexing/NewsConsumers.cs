using MassTransit;
using RabatPlatform.Contracts;
using RabatPlatform.Messaging.Inbox;
using RabatPlatform.Search.Data;

namespace RabatPlatform.Search.Features.Indexing;

public sealed class NewsPublishedConsumer(SearchDbContext db, TimeProvider time, ILogger<NewsPublishedConsumer> logger)
    : IdempotentConsumer<NewsPublished, SearchDbContext>(db, time, logger)
{
    protected override Task HandleAsync(NewsPublished message, ConsumeContext<NewsPublished> context) =>
        SearchIndexer.UpsertAsync(Db, ItemTypes.News, message.NewsId, message.Translations, message.Tags,
            message.PublishedAt, message.OccurredAt, context.CancellationToken);
}

public sealed class NewsUpdatedConsumer(SearchDbContext db, TimeProvider time, ILogger<NewsUpdatedConsumer> logger)
    : IdempotentConsumer<NewsUpdated, SearchDbContext>(db, time, logger)
{
    protected override Task HandleAsync(NewsUpdated message, ConsumeContext<NewsUpdated> context) =>
        SearchIndexer.UpsertAsync(Db, ItemTypes.News, message.NewsId, message.Translations, message.Tags,
            message.PublishedAt, message.OccurredAt, context.CancellationToken);
}

public sealed class NewsUnpublishedConsumer(SearchDbContext db, TimeProvider time, ILogger<NewsUnpublishedConsumer> logger)
    : IdempotentConsumer<NewsUnpublished, SearchDbContext>(db, time, logger)
{
    protected override Task HandleAsync(NewsUnpublished message, ConsumeContext<NewsUnpublished> context) =>
        SearchIndexer.RemoveAsync(Db, ItemTypes.News, message.NewsId, context.CancellationToken);
}

public static class ItemTypes
{
    public const string News = "news";
    public const string Page = "page";
    public const string Meeting = "meeting";
    public const string Publication = "publication";
    public const string Project = "project";
}
