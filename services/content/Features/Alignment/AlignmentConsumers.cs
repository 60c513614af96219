using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;
using RabatPlatform.Content.Features.Frameworks;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Alignment;

/// <summary>What an event says about one activity: its content, or null when it is gone.</summary>
public sealed record AlignmentChange(string ItemType, Guid ItemId, DateTimeOffset OccurredAt, AlignmentContent? Content);

public sealed record AlignmentContent(
    string? Kind, IReadOnlyDictionary<string, TranslatedText> Translations, DateOnly Date, IEnumerable<int> GcmObjectives);

/// <summary>
/// The base of the alignment consumers: each event (once, through the inbox filter) becomes an
/// <see cref="AlignmentChange"/> applied to the read model unless a newer event was applied already.
/// </summary>
public abstract partial class AlignmentConsumer<T>(ContentDbContext db, TimeProvider time, ILogger logger) : IConsumer<T>
    where T : class, IIntegrationEvent
{
    private readonly ILogger logger = logger;

    protected abstract AlignmentChange Describe(T message);

    public async Task Consume(ConsumeContext<T> context)
    {
        var change = Describe(context.Message);
        var row = await db.Set<AlignmentActivity>()
            .FirstOrDefaultAsync(a => a.ItemType == change.ItemType && a.ItemId == change.ItemId, context.CancellationToken);
        if (row is not null && row.LastOccurredAt > change.OccurredAt)
        {
            LogStale(change.ItemType, change.ItemId, change.OccurredAt, row.LastOccurredAt);
            return;
        }

        if (row is null)
        {
            row = new AlignmentActivity { ItemType = change.ItemType, ItemId = change.ItemId };
            db.Add(row);
        }

        row.LastOccurredAt = change.OccurredAt;

        // Committed with the change (outbox), so caches of the matrix are evicted only once it is readable.
        var now = time.GetUtcNow();
        db.Publish(new GcmAlignmentUpdated(Guid.CreateVersion7(now), now, change.ItemType, change.ItemId));
        if (change.Content is not { } content)
        {
            // Gone: kept as an inactive row (a tombstone) so older events stay ignored.
            row.Active = false;
            row.GcmObjectives = [];
            return;
        }

        var fr = content.Translations.GetValueOrDefault(Languages.French);
        var en = content.Translations.GetValueOrDefault(Languages.English);
        row.Active = true;
        row.Kind = content.Kind;
        row.TitleFr = Truncate(fr?.Title, 500);
        row.TitleEn = Truncate(en?.Title, 500);
        row.SlugFr = Truncate(fr?.Slug, 300);
        row.SlugEn = Truncate(en?.Slug, 300);
        row.Date = content.Date;
        row.GcmObjectives = content.GcmObjectives.Where(n => n is >= 1 and <= GcmObjectives.Count).Distinct().Order().ToList();
    }

    protected static IEnumerable<int> FromTags(IEnumerable<string> tags) =>
        tags.Select(GcmObjectives.FromTag).OfType<int>();

    protected static DateOnly DateOf(DateTimeOffset moment) => DateOnly.FromDateTime(moment.UtcDateTime);

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    [LoggerMessage(Level = LogLevel.Information,
        Message = "GCM alignment: ignored an older event for {ItemType} {ItemId} ({OccurredAt:o}, already at {AppliedAt:o})")]
    private partial void LogStale(string itemType, Guid itemId, DateTimeOffset occurredAt, DateTimeOffset appliedAt);
}

public sealed class MeetingAnnouncedAlignment(ContentDbContext db, TimeProvider time, ILogger<MeetingAnnouncedAlignment> logger)
    : AlignmentConsumer<MeetingAnnounced>(db, time, logger)
{
    protected override AlignmentChange Describe(MeetingAnnounced m) => new(ActivityTypes.Meeting, m.MeetingId, m.OccurredAt,
        new(m.Meeting.Kind, m.Meeting.Translations, m.Meeting.StartDate, m.Meeting.GcmObjectives));
}

public sealed class MeetingUpdatedAlignment(ContentDbContext db, TimeProvider time, ILogger<MeetingUpdatedAlignment> logger)
    : AlignmentConsumer<MeetingUpdated>(db, time, logger)
{
    protected override AlignmentChange Describe(MeetingUpdated m) => new(ActivityTypes.Meeting, m.MeetingId, m.OccurredAt,
        new(m.Meeting.Kind, m.Meeting.Translations, m.Meeting.StartDate, m.Meeting.GcmObjectives));
}

public sealed class MeetingCancelledAlignment(ContentDbContext db, TimeProvider time, ILogger<MeetingCancelledAlignment> logger)
    : AlignmentConsumer<MeetingCancelled>(db, time, logger)
{
    protected override AlignmentChange Describe(MeetingCancelled m) => new(ActivityTypes.Meeting, m.MeetingId, m.OccurredAt, null);
}

public sealed class PublicationPublishedAlignment(ContentDbContext db, TimeProvider time, ILogger<PublicationPublishedAlignment> logger)
    : AlignmentConsumer<PublicationPublished>(db, time, logger)
{
    protected override AlignmentChange Describe(PublicationPublished m) => new(ActivityTypes.Publication, m.PublicationId, m.OccurredAt,
        new(m.Publication.Type, m.Publication.Translations, m.Publication.PublishedOn, m.Publication.GcmObjectives));
}

public sealed class PublicationUpdatedAlignment(ContentDbContext db, TimeProvider time, ILogger<PublicationUpdatedAlignment> logger)
    : AlignmentConsumer<PublicationUpdated>(db, time, logger)
{
    protected override AlignmentChange Describe(PublicationUpdated m) => new(ActivityTypes.Publication, m.PublicationId, m.OccurredAt,
        new(m.Publication.Type, m.Publication.Translations, m.Publication.PublishedOn, m.Publication.GcmObjectives));
}

public sealed class PublicationWithdrawnAlignment(ContentDbContext db, TimeProvider time, ILogger<PublicationWithdrawnAlignment> logger)
    : AlignmentConsumer<PublicationWithdrawn>(db, time, logger)
{
    protected override AlignmentChange Describe(PublicationWithdrawn m) => new(ActivityTypes.Publication, m.PublicationId, m.OccurredAt, null);
}

public sealed class NewsPublishedAlignment(ContentDbContext db, TimeProvider time, ILogger<NewsPublishedAlignment> logger)
    : AlignmentConsumer<NewsPublished>(db, time, logger)
{
    protected override AlignmentChange Describe(NewsPublished m) => new(ActivityTypes.News, m.NewsId, m.OccurredAt,
        new(null, m.Translations, DateOf(m.PublishedAt), FromTags(m.Tags)));
}

public sealed class NewsUpdatedAlignment(ContentDbContext db, TimeProvider time, ILogger<NewsUpdatedAlignment> logger)
    : AlignmentConsumer<NewsUpdated>(db, time, logger)
{
    protected override AlignmentChange Describe(NewsUpdated m) => new(ActivityTypes.News, m.NewsId, m.OccurredAt,
        new(null, m.Translations, DateOf(m.PublishedAt), FromTags(m.Tags)));
}

public sealed class NewsUnpublishedAlignment(ContentDbContext db, TimeProvider time, ILogger<NewsUnpublishedAlignment> logger)
    : AlignmentConsumer<NewsUnpublished>(db, time, logger)
{
    protected override AlignmentChange Describe(NewsUnpublished m) => new(ActivityTypes.News, m.NewsId, m.OccurredAt, null);
}

public sealed class PagePublishedAlignment(ContentDbContext db, TimeProvider time, ILogger<PagePublishedAlignment> logger)
    : AlignmentConsumer<PagePublished>(db, time, logger)
{
    protected override AlignmentChange Describe(PagePublished m) => new(ActivityTypes.Page, m.PageId, m.OccurredAt,
        new(null, m.Translations, DateOf(m.PublishedAt), FromTags(m.Tags)));
}

public sealed class PageUpdatedAlignment(ContentDbContext db, TimeProvider time, ILogger<PageUpdatedAlignment> logger)
    : AlignmentConsumer<PageUpdated>(db, time, logger)
{
    protected override AlignmentChange Describe(PageUpdated m) => new(ActivityTypes.Page, m.PageId, m.OccurredAt,
        new(null, m.Translations, DateOf(m.PublishedAt), FromTags(m.Tags)));
}

public sealed class PageUnpublishedAlignment(ContentDbContext db, TimeProvider time, ILogger<PageUnpublishedAlignment> logger)
    : AlignmentConsumer<PageUnpublished>(db, time, logger)
{
    protected override AlignmentChange Describe(PageUnpublished m) => new(ActivityTypes.Page, m.PageId, m.OccurredAt, null);
}
