using MassTransit;
using RabatPlatform.Contracts;
using RabatPlatform.Search.Data;

namespace RabatPlatform.Search.Features.Indexing;

public static class ItemTypes
{
    public const string News = "news";
    public const string Page = "page";
    public const string Meeting = "meeting";
    public const string Publication = "publication";
    public const string Project = "project";

    public static readonly IReadOnlyList<string> All = [News, Page, Meeting, Publication, Project];
}

/// <summary>A consumer that puts an item into the index (or takes it out): one per event type.</summary>
public abstract class IndexingConsumer<TMessage>(SearchDbContext db, TimeProvider time) : IConsumer<TMessage>
    where TMessage : class, IIntegrationEvent
{
    protected SearchDbContext Db => db;

    protected TimeProvider Time => time;

    public Task Consume(ConsumeContext<TMessage> context) => HandleAsync(context.Message, context);

    protected abstract Task HandleAsync(TMessage message, ConsumeContext<TMessage> context);

    protected async Task IndexAsync(IndexEntry entry, ConsumeContext context)
    {
        await SearchIndexer.UpsertAsync(db, entry, time.GetUtcNow(), context.CancellationToken);
        Announce(entry.ItemType, entry.ItemId);
    }

    protected async Task RemoveAsync(string itemType, Guid itemId, ConsumeContext context)
    {
        await SearchIndexer.RemoveAsync(db, itemType, itemId, context.CancellationToken);
        Announce(itemType, itemId);
    }

    /// <summary>Tells cached readers of search results (the gateway) once this change commits.</summary>
    protected void Announce(string itemType, Guid itemId)
    {
        var now = time.GetUtcNow();
        db.Publish(new SearchIndexUpdated(Guid.CreateVersion7(now), now, itemType, itemId));
    }
}

public sealed class NewsPublishedConsumer(SearchDbContext db, TimeProvider time)
    : IndexingConsumer<NewsPublished>(db, time)
{
    protected override Task HandleAsync(NewsPublished m, ConsumeContext<NewsPublished> context) =>
        IndexAsync(new(ItemTypes.News, m.NewsId, m.Translations, m.PublishedAt, m.Tags, [], m.OccurredAt), context);
}

public sealed class NewsUpdatedConsumer(SearchDbContext db, TimeProvider time)
    : IndexingConsumer<NewsUpdated>(db, time)
{
    protected override Task HandleAsync(NewsUpdated m, ConsumeContext<NewsUpdated> context) =>
        IndexAsync(new(ItemTypes.News, m.NewsId, m.Translations, m.PublishedAt, m.Tags, [], m.OccurredAt), context);
}

public sealed class NewsUnpublishedConsumer(SearchDbContext db, TimeProvider time)
    : IndexingConsumer<NewsUnpublished>(db, time)
{
    protected override Task HandleAsync(NewsUnpublished m, ConsumeContext<NewsUnpublished> context) =>
        RemoveAsync(ItemTypes.News, m.NewsId, context);
}

public sealed class PagePublishedConsumer(SearchDbContext db, TimeProvider time)
    : IndexingConsumer<PagePublished>(db, time)
{
    protected override Task HandleAsync(PagePublished m, ConsumeContext<PagePublished> context) =>
        IndexAsync(new(ItemTypes.Page, m.PageId, m.Translations, m.PublishedAt, m.Tags, [], m.OccurredAt), context);
}

public sealed class PageUpdatedConsumer(SearchDbContext db, TimeProvider time)
    : IndexingConsumer<PageUpdated>(db, time)
{
    protected override Task HandleAsync(PageUpdated m, ConsumeContext<PageUpdated> context) =>
        IndexAsync(new(ItemTypes.Page, m.PageId, m.Translations, m.PublishedAt, m.Tags, [], m.OccurredAt), context);
}

public sealed class PageUnpublishedConsumer(SearchDbContext db, TimeProvider time)
    : IndexingConsumer<PageUnpublished>(db, time)
{
    protected override Task HandleAsync(PageUnpublished m, ConsumeContext<PageUnpublished> context) =>
        RemoveAsync(ItemTypes.Page, m.PageId, context);
}

public sealed class ProjectPublishedConsumer(SearchDbContext db, TimeProvider time)
    : IndexingConsumer<ProjectPublished>(db, time)
{
    protected override Task HandleAsync(ProjectPublished m, ConsumeContext<ProjectPublished> context) =>
        IndexAsync(new(ItemTypes.Project, m.ProjectId, m.Translations,
            new DateTimeOffset(m.StartYear, 1, 1, 0, 0, 0, TimeSpan.Zero), m.Themes, m.Countries, m.OccurredAt), context);
}

public sealed class ProjectRemovedConsumer(SearchDbContext db, TimeProvider time)
    : IndexingConsumer<ProjectRemoved>(db, time)
{
    protected override Task HandleAsync(ProjectRemoved m, ConsumeContext<ProjectRemoved> context) =>
        RemoveAsync(ItemTypes.Project, m.ProjectId, context);
}

public sealed class MeetingAnnouncedConsumer(SearchDbContext db, TimeProvider time)
    : IndexingConsumer<MeetingAnnounced>(db, time)
{
    protected override Task HandleAsync(MeetingAnnounced m, ConsumeContext<MeetingAnnounced> context) =>
        IndexAsync(MeetingEntry.From(m.MeetingId, m.Meeting, m.OccurredAt), context);
}

public sealed class MeetingUpdatedConsumer(SearchDbContext db, TimeProvider time)
    : IndexingConsumer<MeetingUpdated>(db, time)
{
    protected override Task HandleAsync(MeetingUpdated m, ConsumeContext<MeetingUpdated> context) =>
        IndexAsync(MeetingEntry.From(m.MeetingId, m.Meeting, m.OccurredAt), context);
}

public sealed class MeetingCancelledConsumer(SearchDbContext db, TimeProvider time)
    : IndexingConsumer<MeetingCancelled>(db, time)
{
    protected override Task HandleAsync(MeetingCancelled m, ConsumeContext<MeetingCancelled> context) =>
        RemoveAsync(ItemTypes.Meeting, m.MeetingId, context);
}

public sealed class PublicationPublishedConsumer(SearchDbContext db, TimeProvider time)
    : IndexingConsumer<PublicationPublished>(db, time)
{
    protected override Task HandleAsync(PublicationPublished m, ConsumeContext<PublicationPublished> context) =>
        IndexAsync(PublicationEntry.From(m.PublicationId, m.Publication, m.OccurredAt), context);
}

public sealed class PublicationUpdatedConsumer(SearchDbContext db, TimeProvider time)
    : IndexingConsumer<PublicationUpdated>(db, time)
{
    protected override Task HandleAsync(PublicationUpdated m, ConsumeContext<PublicationUpdated> context) =>
        IndexAsync(PublicationEntry.From(m.PublicationId, m.Publication, m.OccurredAt), context);
}

public sealed class PublicationWithdrawnConsumer(SearchDbContext db, TimeProvider time)
    : IndexingConsumer<PublicationWithdrawn>(db, time)
{
    protected override Task HandleAsync(PublicationWithdrawn m, ConsumeContext<PublicationWithdrawn> context) =>
        RemoveAsync(ItemTypes.Publication, m.PublicationId, context);
}

internal static class MeetingEntry
{
    public static IndexEntry From(Guid id, MeetingData m, DateTimeOffset sourceTime) => new(
        ItemTypes.Meeting,
        id,
        m.Translations,
        new DateTimeOffset(m.StartDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        [.. m.Themes, .. m.GcmObjectives.Select(GcmTheme)],
        m.CountryCode is null ? [] : [m.CountryCode],
        sourceTime);

    internal static string GcmTheme(int objective) => $"gcm-{objective}";
}

internal static class PublicationEntry
{
    public static IndexEntry From(Guid id, PublicationData p, DateTimeOffset sourceTime) => new(
        ItemTypes.Publication,
        id,
        p.Translations,
        new DateTimeOffset(p.PublishedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        [.. p.Themes, .. p.GcmObjectives.Select(MeetingEntry.GcmTheme)],
        p.Partners.Where(code => code.Length == 2).ToList(),
        sourceTime);
}
