namespace RabatPlatform.Contracts;

/// <summary>The item types of the search index (<c>type</c> facet, <see cref="SearchItem.ItemType"/>).</summary>
public static class SearchItemTypes
{
    public const string News = "news";
    public const string Page = "page";
    public const string Meeting = "meeting";
    public const string Publication = "publication";
    public const string Project = "project";

    public static readonly IReadOnlyList<string> All = [News, Page, Meeting, Publication, Project];
}

/// <summary>
/// The search projection of one public item: what the index keeps of it, defined once for every event that
/// brings it. Search indexes the live events through it, and each producer answers a rebuild
/// (<see cref="SearchItemReannounced"/>) with it, so a rebuilt index is the live one.
/// </summary>
public sealed record SearchItem(
    string ItemType,
    Guid ItemId,
    IReadOnlyDictionary<string, TranslatedText> Translations,
    DateTimeOffset Date,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> Countries)
{
    public static SearchItem From(NewsPublished e) => Editorial(SearchItemTypes.News, e.NewsId, e.PublishedAt, e.Translations, e.Tags);

    public static SearchItem From(NewsUpdated e) => Editorial(SearchItemTypes.News, e.NewsId, e.PublishedAt, e.Translations, e.Tags);

    public static SearchItem From(PagePublished e) => Editorial(SearchItemTypes.Page, e.PageId, e.PublishedAt, e.Translations, e.Tags);

    public static SearchItem From(PageUpdated e) => Editorial(SearchItemTypes.Page, e.PageId, e.PublishedAt, e.Translations, e.Tags);

    public static SearchItem From(ProjectPublished e) => new(
        SearchItemTypes.Project, e.ProjectId, e.Translations, new DateTimeOffset(e.StartYear, 1, 1, 0, 0, 0, TimeSpan.Zero), e.Themes, e.Countries);

    public static SearchItem From(MeetingAnnounced e) => Meeting(e.MeetingId, e.Meeting);

    public static SearchItem From(MeetingUpdated e) => Meeting(e.MeetingId, e.Meeting);

    public static SearchItem From(PublicationPublished e) => Publication(e.PublicationId, e.Publication);

    public static SearchItem From(PublicationUpdated e) => Publication(e.PublicationId, e.Publication);

    public static SearchItem From(SearchItemReannounced e) => new(e.ItemType, e.ItemId, e.Translations, e.Date, e.Themes, e.Countries);

    /// <summary>A news item or a page (<paramref name="itemType"/>): its tags are its themes; no countries.</summary>
    public static SearchItem Editorial(
        string itemType, Guid id, DateTimeOffset publishedAt, IReadOnlyDictionary<string, TranslatedText> translations, IReadOnlyList<string> tags) =>
        new(itemType, id, translations, publishedAt, tags, []);

    public static SearchItem Meeting(Guid id, MeetingData m) => new(
        SearchItemTypes.Meeting,
        id,
        m.Translations,
        new DateTimeOffset(m.StartDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        [.. m.Themes, .. m.GcmObjectives.Select(GcmTags.Tag)],
        m.CountryCode is null ? [] : [m.CountryCode]);

    /// <summary>A publication: its countries are its partners that are countries (two-letter codes).</summary>
    public static SearchItem Publication(Guid id, PublicationData p) => new(
        SearchItemTypes.Publication,
        id,
        p.Translations,
        new DateTimeOffset(p.PublishedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        [.. p.Themes, .. p.GcmObjectives.Select(GcmTags.Tag)],
        p.Partners.Where(code => code.Length == 2).ToList());

    /// <summary>This item as a producer's answer to the rebuild <paramref name="rebuildId"/>.</summary>
    public SearchItemReannounced Reannounce(Guid rebuildId, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, rebuildId, ItemType, ItemId, Translations, Date, Themes, Countries);
}
