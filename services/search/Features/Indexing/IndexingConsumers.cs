using MassTransit;
using RabatPlatform.Contracts;
using RabatPlatform.Search.Data;

namespace RabatPlatform.Search.Features.Indexing;

/// <summary>
/// Puts the item an event describes into the index, as <see cref="SearchItem"/> projects it (one small
/// class per event, so that each keeps its own queue, <c>search-news-published</c>…). The inbox filter
/// makes it exactly-once and commits.
/// </summary>
public abstract class IndexConsumer<T>(SearchDbContext db, TimeProvider time, Func<T, SearchItem> project) : IConsumer<T>
    where T : class, IIntegrationEvent
{
    public Task Consume(ConsumeContext<T> context) =>
        SearchIndexer.UpsertAsync(db, project(context.Message), context.Message.OccurredAt, time.GetUtcNow(), context.CancellationToken);
}

/// <summary>Takes the item an event names out of the index.</summary>
public abstract class RemoveConsumer<T>(SearchDbContext db, TimeProvider time, Func<T, (string ItemType, Guid ItemId)> target) : IConsumer<T>
    where T : class, IIntegrationEvent
{
    public Task Consume(ConsumeContext<T> context)
    {
        var (itemType, itemId) = target(context.Message);
        return SearchIndexer.RemoveAsync(db, itemType, itemId, time.GetUtcNow(), context.CancellationToken);
    }
}

public sealed class NewsPublishedConsumer(SearchDbContext db, TimeProvider time)
    : IndexConsumer<NewsPublished>(db, time, SearchItem.From);

public sealed class NewsUpdatedConsumer(SearchDbContext db, TimeProvider time)
    : IndexConsumer<NewsUpdated>(db, time, SearchItem.From);

public sealed class NewsUnpublishedConsumer(SearchDbContext db, TimeProvider time)
    : RemoveConsumer<NewsUnpublished>(db, time, m => (SearchItemTypes.News, m.NewsId));

public sealed class PagePublishedConsumer(SearchDbContext db, TimeProvider time)
    : IndexConsumer<PagePublished>(db, time, SearchItem.From);

public sealed class PageUpdatedConsumer(SearchDbContext db, TimeProvider time)
    : IndexConsumer<PageUpdated>(db, time, SearchItem.From);

public sealed class PageUnpublishedConsumer(SearchDbContext db, TimeProvider time)
    : RemoveConsumer<PageUnpublished>(db, time, m => (SearchItemTypes.Page, m.PageId));

public sealed class ProjectPublishedConsumer(SearchDbContext db, TimeProvider time)
    : IndexConsumer<ProjectPublished>(db, time, SearchItem.From);

public sealed class ProjectRemovedConsumer(SearchDbContext db, TimeProvider time)
    : RemoveConsumer<ProjectRemoved>(db, time, m => (SearchItemTypes.Project, m.ProjectId));

public sealed class MeetingAnnouncedConsumer(SearchDbContext db, TimeProvider time)
    : IndexConsumer<MeetingAnnounced>(db, time, SearchItem.From);

public sealed class MeetingUpdatedConsumer(SearchDbContext db, TimeProvider time)
    : IndexConsumer<MeetingUpdated>(db, time, SearchItem.From);

public sealed class MeetingCancelledConsumer(SearchDbContext db, TimeProvider time)
    : RemoveConsumer<MeetingCancelled>(db, time, m => (SearchItemTypes.Meeting, m.MeetingId));

public sealed class PublicationPublishedConsumer(SearchDbContext db, TimeProvider time)
    : IndexConsumer<PublicationPublished>(db, time, SearchItem.From);

public sealed class PublicationUpdatedConsumer(SearchDbContext db, TimeProvider time)
    : IndexConsumer<PublicationUpdated>(db, time, SearchItem.From);

public sealed class PublicationWithdrawnConsumer(SearchDbContext db, TimeProvider time)
    : RemoveConsumer<PublicationWithdrawn>(db, time, m => (SearchItemTypes.Publication, m.PublicationId));
