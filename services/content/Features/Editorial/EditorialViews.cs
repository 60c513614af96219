using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>An item as the public reads it, in one language.</summary>
public sealed record EditorialView(
    Guid Id,
    string Type,
    string Language,
    bool Fallback,
    string Title,
    string? Summary,
    string? Body,
    string Slug,
    IReadOnlyList<string> Tags,
    DateTimeOffset? PublishedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, string> Slugs)
{
    public static EditorialView? From(EditorialItem item, string language)
    {
        if (item.Resolve(language) is not var (t, fallback))
        {
            return null;
        }

        return new EditorialView(item.Id, item.Type, t.Language, fallback, t.Title, t.Summary, t.Body, t.Slug, item.Tags,
            item.PublishedAt, item.UpdatedAt, item.ReadyTranslations.ToDictionary(x => x.Language, x => x.Slug));
    }
}

/// <summary>
/// An item in the public list, in one language: what a list shows (title, summary, slug, tags, dates and the
/// slugs of both languages), without the body — the item's own read (<c>GET /{kind}/{slug}</c>) has it.
/// </summary>
public sealed record EditorialListItemView(
    Guid Id,
    string Type,
    string Language,
    bool Fallback,
    string Title,
    string? Summary,
    string Slug,
    IReadOnlyList<string> Tags,
    DateTimeOffset? PublishedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, string> Slugs);

public sealed record EditorialTranslationView(string Title, string? Summary, string? Body, string? Source, string Format, string Slug, string Status);

/// <summary>An item as the Secretariat sees it: every version and the workflow state.</summary>
public sealed record EditorialAdminView(
    Guid Id,
    string Type,
    string Status,
    IReadOnlyDictionary<string, EditorialTranslationView> Translations,
    IReadOnlyList<string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? PublishAt,
    DateTimeOffset? UnpublishAt,
    int Revision)
{
    public static EditorialAdminView From(EditorialItem item) => new(
        item.Id,
        item.Type,
        item.Status.ToString().ToLowerInvariant(),
        item.Translations.OrderBy(t => t.Language == Languages.Default ? 0 : 1).ToDictionary(
            t => t.Language,
            t => new EditorialTranslationView(t.Title, t.Summary, t.Body, t.Source, t.Format, t.Slug, t.Ready ? "ready" : "draft")),
        item.Tags,
        item.CreatedAt,
        item.UpdatedAt,
        item.PublishedAt,
        item.PublishAt,
        item.UnpublishAt,
        item.Revision);
}

/// <summary>What a preview link shows: the item in one language whatever its status.</summary>
public sealed record EditorialPreviewView(
    Guid Id,
    string Type,
    string Status,
    string Language,
    bool Fallback,
    string Title,
    string? Summary,
    string? Body,
    string Slug,
    IReadOnlyList<string> Tags,
    DateTimeOffset? PublishAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset ExpiresAt)
{
    /// <summary>The item in <paramref name="language"/> (else the other), ready or not; null when it has no version.</summary>
    public static EditorialPreviewView? From(EditorialItem item, string language, DateTimeOffset expiresAt) =>
        item.Resolve(language, readyOnly: false) is var (t, fallback)
            ? new EditorialPreviewView(item.Id, item.Type, item.Status.ToString().ToLowerInvariant(), t.Language, fallback,
                t.Title, t.Summary, t.Body, t.Slug, item.Tags, item.PublishAt, item.PublishedAt, expiresAt)
            : null;
}

public sealed record PreviewTokenView(string Token, string Url, string Path, DateTimeOffset ExpiresAt);

public sealed record RevisionView(int Number, string Author, DateTimeOffset At, string Action, IReadOnlyList<string> Changes, RevisionSnapshot Content)
{
    public static RevisionView From(EditorialRevision r) => new(r.Number, r.Author, r.At, r.Action, r.Changes, RevisionSnapshot.Deserialize(r.Snapshot));
}
