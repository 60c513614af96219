using RabatPlatform.Contracts;

namespace RabatPlatform.Publications.Features.Publications;

public sealed record FileVersionView(
    int Version,
    string FileName,
    string ContentType,
    long Size,
    string Sha256,
    DateTimeOffset UploadedAt,
    string Url)
{
    public static FileVersionView From(PublicationFile f, Publication p) => new(
        f.Version, f.FileName, f.ContentType, f.Size, f.Sha256, f.UploadedAt,
        PublicationFile.VersionUrl(p.SlugFor(f.Language), f.Language, f.Version));
}

/// <summary>The files of one language: the stable latest link and every version (newest first).</summary>
public sealed record LanguageFilesView(string Url, FileVersionView Latest, IReadOnlyList<FileVersionView> Versions)
{
    public static Dictionary<string, LanguageFilesView> From(Publication p) => p.Files
        .GroupBy(f => f.Language)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g =>
        {
            var versions = g.OrderByDescending(f => f.Version).Select(f => FileVersionView.From(f, p)).ToList();
            return new LanguageFilesView(PublicationFile.LatestUrl(p.SlugFor(g.Key), g.Key), versions[0], versions);
        });
}

/// <summary>A publication in one language (fallback to the other when missing).</summary>
public sealed record PublicationView(
    Guid Id,
    string Status,
    string Type,
    string Language,
    bool Fallback,
    string Title,
    string? Summary,
    string Slug,
    IReadOnlyDictionary<string, string> Slugs,
    DateOnly PublishedOn,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> Partners,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> Frameworks,
    IReadOnlyList<int> GcmObjectives,
    Guid? RelatedMeetingId,
    IReadOnlyDictionary<string, LanguageFilesView> Files)
{
    public static PublicationView From(Publication p, string language)
    {
        var (t, fallback) = p.ResolveTranslation(language);
        return new PublicationView(p.Id, p.Status.ToString().ToLowerInvariant(), p.Type, t.Language, fallback, t.Title, t.Summary, t.Slug,
            p.Translations.ToDictionary(x => x.Language, x => x.Slug), p.PublishedOn, p.Authors, p.Partners, p.Themes,
            p.Frameworks, p.GcmObjectives, p.RelatedMeetingId, LanguageFilesView.From(p));
    }
}

/// <summary>A publication as the Secretariat writes it: every language and the workflow state.</summary>
public sealed record PublicationAdminView(
    Guid Id,
    string Status,
    string Type,
    IReadOnlyDictionary<string, TranslatedText> Translations,
    DateOnly PublishedOn,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> Partners,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> Frameworks,
    IReadOnlyList<int> GcmObjectives,
    Guid? RelatedMeetingId,
    IReadOnlyDictionary<string, LanguageFilesView> Files,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? WithdrawnAt)
{
    public static PublicationAdminView From(Publication p) => new(
        p.Id, p.Status.ToString().ToLowerInvariant(), p.Type, p.TranslatedTexts(), p.PublishedOn, p.Authors, p.Partners, p.Themes,
        p.Frameworks, p.GcmObjectives, p.RelatedMeetingId, LanguageFilesView.From(p), p.CreatedAt, p.UpdatedAt, p.PublishedAt, p.WithdrawnAt);
}

public sealed record VersionStatsView(int Version, long Downloads);

public sealed record LanguageStatsView(long Downloads, IReadOnlyList<VersionStatsView> Versions);

/// <summary>Counted downloads (written in batches: they lag by at most the flush interval).</summary>
public sealed record PublicationStatsView(Guid PublicationId, long Downloads, IReadOnlyDictionary<string, LanguageStatsView> Languages)
{
    public static PublicationStatsView From(Publication p) => new(
        p.Id,
        p.Files.Sum(f => f.Downloads),
        p.Files.GroupBy(f => f.Language).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => new LanguageStatsView(g.Sum(f => f.Downloads), g.OrderByDescending(f => f.Version).Select(f => new VersionStatsView(f.Version, f.Downloads)).ToList())));
}
