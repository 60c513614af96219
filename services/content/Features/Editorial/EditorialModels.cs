using System.Text.Json;
using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Editorial;

public static class EditorialRules
{
    public const int TitleMaxLength = 300;
    public const int SummaryMaxLength = 2000;

    /// <summary>A body's limit, in characters of its source (about 200 KB).</summary>
    public const int BodyMaxLength = 200_000;
    public const int MaxTags = 20;
    public const int TagMaxLength = 64;

    /// <summary>Slugs that would shadow a route of the kind (<c>/news/preview</c>).</summary>
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>(StringComparer.Ordinal) { "preview" };
}

public static class EditorialFormats
{
    public const string Html = "html";
    public const string Markdown = "markdown";

    public static bool IsSupported(string? format) => format is Html or Markdown;
}

/// <summary>Markdown or HTML in, sanitised HTML out (no script, no event handlers, no javascript: URLs).</summary>
public sealed class EditorialHtml(IHtmlSanitizer sanitizer)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public string? Render(string? source, string format)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return null;
        }

        var html = format == EditorialFormats.Markdown ? Markdown.ToHtml(source, Pipeline) : source;
        return sanitizer.Sanitize(html);
    }
}

/// <summary>The shared vocabulary of tags: free themes, GCM objectives (<c>gcm-11</c>) and framework codes (<c>cadiz-2023.d2.o1</c>).</summary>
public static partial class Taxonomy
{
    public static readonly IReadOnlyList<string> Frameworks = ["rabat-2006", "marrakech-2018", "cadiz-2023"];

    /// <summary>Null when the tag is valid, else why not (fr, en).</summary>
    public static (string Fr, string En)? Check(string tag)
    {
        if (tag.Length > EditorialRules.TagMaxLength || !TagPattern().IsMatch(tag))
        {
            return ($"« {Clip(tag)} » : une étiquette est un slug en minuscules (a-z, 0-9, « - », « . ») d'au plus {EditorialRules.TagMaxLength} caractères.",
                $"'{Clip(tag)}': a tag is a lower-case slug (a-z, 0-9, '-', '.') of at most {EditorialRules.TagMaxLength} characters.");
        }

        if (tag.StartsWith("gcm-", StringComparison.Ordinal))
        {
            var number = tag[4..];
            return int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                   && n is >= 1 and <= 23 && number[0] != '0'
                ? null
                : ($"« {tag} » : les objectifs du Pacte mondial vont de gcm-1 à gcm-23.", $"'{tag}': Global Compact objectives range from gcm-1 to gcm-23.");
        }

        var dot = tag.IndexOf('.', StringComparison.Ordinal);
        var head = dot < 0 ? tag : tag[..dot];
        if (dot < 0)
        {
            return null;
        }

        return Frameworks.Contains(head) && FrameworkPath().IsMatch(tag[(dot + 1)..])
            ? null
            : ($"« {tag} » : un code de cadre s'écrit <cadre>.d<N> ou <cadre>.d<N>.o<M> (cadres : {string.Join(", ", Frameworks)}).",
                $"'{tag}': a framework code reads <framework>.d<N> or <framework>.d<N>.o<M> (frameworks: {string.Join(", ", Frameworks)}).");
    }

    private static string Clip(string tag) => tag.Length > 40 ? tag[..40] + "…" : tag;

    [GeneratedRegex("^[a-z0-9]+([.-][a-z0-9]+)*$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^d[1-9][0-9]?(\\.o[1-9][0-9]?)?$")]
    private static partial Regex FrameworkPath();
}

/// <summary>One version in a write body.</summary>
/// <param name="Format"><c>markdown</c> or <c>html</c> (else the item's, else html).</param>
/// <param name="Status"><c>ready</c> (default) or <c>draft</c>.</param>
public sealed record EditorialTranslationInput(string? Title, string? Summary, string? Body, string? Slug, string? Format, string? Status);

/// <summary><c>{"translations":{"fr":{…},"en":{…}},"tags":[…],"format":"markdown","publishAt":…,"unpublishAt":…}</c></summary>
public sealed record EditorialWriteRequest(
    Dictionary<string, EditorialTranslationInput?>? Translations,
    List<string?>? Tags,
    string? Format,
    DateTimeOffset? PublishAt,
    DateTimeOffset? UnpublishAt);

/// <summary><c>{"publishAt":…,"unpublishAt":…}</c></summary>
public sealed record ScheduleRequest(DateTimeOffset? PublishAt, DateTimeOffset? UnpublishAt);

/// <summary>The optional body of <c>POST …/{id}/publish</c>: an archive item's original publication date.</summary>
public sealed record PublishRequest(DateTimeOffset? PublishedAt);

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
    DateTimeOffset ExpiresAt);

public sealed record PreviewTokenView(string Token, string Url, string Path, DateTimeOffset ExpiresAt);

public sealed record RevisionView(int Number, string Author, DateTimeOffset At, string Action, IReadOnlyList<string> Changes, RevisionSnapshot Content);

/// <summary>The content of an item at a revision.</summary>
public sealed record RevisionSnapshot(
    Dictionary<string, SnapshotVersion> Translations,
    List<string> Tags,
    string Status,
    DateTimeOffset? PublishAt,
    DateTimeOffset? UnpublishAt)
{
    public static readonly RevisionSnapshot Empty = new([], [], "", null, null);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RevisionSnapshot Of(EditorialItem item) => new(
        item.Translations.ToDictionary(t => t.Language, t => new SnapshotVersion(t.Title, t.Summary, t.Source, t.Format, t.Slug, t.Ready ? "ready" : "draft")),
        item.Tags.ToList(),
        item.Status.ToString().ToLowerInvariant(),
        item.PublishAt,
        item.UnpublishAt);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static RevisionSnapshot Deserialize(string json) => JsonSerializer.Deserialize<RevisionSnapshot>(json, Json) ?? Empty;

    /// <summary>The fields that differ from <paramref name="before"/> (<c>translations.fr.title</c>, <c>tags</c>…).</summary>
    public List<string> ChangesFrom(RevisionSnapshot before)
    {
        var changes = new List<string>();
        foreach (var language in Languages.All)
        {
            var old = before.Translations.GetValueOrDefault(language);
            var now = Translations.GetValueOrDefault(language);
            if (old is null && now is null)
            {
                continue;
            }

            if (old is null || now is null)
            {
                changes.Add($"translations.{language}");
                continue;
            }

            var field = $"translations.{language}";
            if (old.Title != now.Title) { changes.Add($"{field}.title"); }
            if (old.Summary != now.Summary) { changes.Add($"{field}.summary"); }
            if (old.Body != now.Body) { changes.Add($"{field}.body"); }
            if (old.Format != now.Format) { changes.Add($"{field}.format"); }
            if (old.Slug != now.Slug) { changes.Add($"{field}.slug"); }
            if (old.Status != now.Status) { changes.Add($"{field}.status"); }
        }

        if (!before.Tags.SequenceEqual(Tags)) { changes.Add("tags"); }
        if (before.Status != Status) { changes.Add("status"); }
        if (before.PublishAt != PublishAt) { changes.Add("publishAt"); }
        if (before.UnpublishAt != UnpublishAt) { changes.Add("unpublishAt"); }
        return changes;
    }
}

/// <param name="Body">The body's source (Markdown or HTML) as written.</param>
public sealed record SnapshotVersion(string Title, string? Summary, string? Body, string Format, string Slug, string Status);

/// <summary>Checks a write request field by field and turns it into clean versions (sanitised HTML, slugs, tags).</summary>
internal static class EditorialValidator
{
    public static (List<EditorialTranslation> Translations, List<string> Tags) Validate(
        EditorialWriteRequest? request, ValidationErrors errors, EditorialHtml html)
    {
        var translations = new List<EditorialTranslation>();
        var tags = new List<string>();
        if (request?.Translations is not { Count: > 0 } input)
        {
            errors.Add("translations", "Au moins une version (fr ou en) est requise.", "At least one version (fr or en) is required.");
            return (translations, tags);
        }

        if (request.Format is not null && !EditorialFormats.IsSupported(request.Format))
        {
            errors.Add("format", "Le format doit être « markdown » ou « html ».", "The format must be 'markdown' or 'html'.");
        }

        foreach (var (language, value) in input)
        {
            var field = $"translations.{language}";
            if (!Languages.IsSupported(language))
            {
                errors.Add(field, "Langue inconnue : seules « fr » et « en » sont acceptées.", "Unknown language: only 'fr' and 'en' are accepted.");
                continue;
            }

            if (value is null)
            {
                errors.Add(field, "La version est vide.", "The version is empty.");
                continue;
            }

            if (Check(field, value, request.Format, errors) is { } translation)
            {
                translation.Body = html.Render(translation.Source, translation.Format);
                translations.Add(translation);
            }
        }

        CheckTags(request.Tags, errors, tags);
        return (translations, tags);
    }

    private static EditorialTranslation? Check(string field, EditorialTranslationInput value, string? itemFormat, ValidationErrors errors)
    {
        var ok = true;
        var title = value.Title?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            errors.Add($"{field}.title", "Le titre est requis.", "The title is required.");
            ok = false;
        }
        else if (title.Length > EditorialRules.TitleMaxLength)
        {
            errors.Add($"{field}.title", $"Le titre dépasse {EditorialRules.TitleMaxLength} caractères.", $"The title exceeds {EditorialRules.TitleMaxLength} characters.");
            ok = false;
        }

        if (value.Summary?.Length > EditorialRules.SummaryMaxLength)
        {
            errors.Add($"{field}.summary", $"Le résumé dépasse {EditorialRules.SummaryMaxLength} caractères.", $"The summary exceeds {EditorialRules.SummaryMaxLength} characters.");
            ok = false;
        }

        if (value.Body?.Length > EditorialRules.BodyMaxLength)
        {
            errors.Add($"{field}.body", $"Le corps dépasse {EditorialRules.BodyMaxLength} caractères.", $"The body exceeds {EditorialRules.BodyMaxLength} characters.");
            ok = false;
        }

        var format = value.Format ?? itemFormat ?? EditorialFormats.Html;
        if (value.Format is not null && !EditorialFormats.IsSupported(value.Format))
        {
            errors.Add($"{field}.format", "Le format doit être « markdown » ou « html ».", "The format must be 'markdown' or 'html'.");
            ok = false;
        }

        if (value.Status is not (null or "ready" or "draft"))
        {
            errors.Add($"{field}.status", "Le statut d'une version est « ready » ou « draft ».", "A version's status is 'ready' or 'draft'.");
            ok = false;
        }

        var slug = string.IsNullOrWhiteSpace(value.Slug) ? Slugs.From(title ?? "") : value.Slug.Trim();
        if (!string.IsNullOrEmpty(title) && (!Slugs.IsValid(slug) || EditorialRules.ReservedSlugs.Contains(slug)))
        {
            errors.Add($"{field}.slug",
                "Le slug ne peut contenir que des lettres minuscules, des chiffres et des tirets (et « preview » est réservé).",
                "The slug may contain only lower-case letters, digits and hyphens (and 'preview' is reserved).");
            ok = false;
        }

        return !ok || title is null
            ? null
            : new EditorialTranslation
            {
                Language = field[^2..],
                Title = title,
                Summary = string.IsNullOrWhiteSpace(value.Summary) ? null : value.Summary.Trim(),
                Source = string.IsNullOrWhiteSpace(value.Body) ? null : value.Body,
                Format = EditorialFormats.IsSupported(format) ? format : EditorialFormats.Html,
                Slug = slug,
                Ready = value.Status != "draft",
            };
    }

    internal static void CheckTags(List<string?>? requested, ValidationErrors errors, List<string> tags)
    {
        if (requested is null)
        {
            return;
        }

        if (requested.Count > EditorialRules.MaxTags)
        {
            errors.Add("tags", $"Au plus {EditorialRules.MaxTags} étiquettes.", $"At most {EditorialRules.MaxTags} tags.");
            return;
        }

        foreach (var tag in requested)
        {
            var clean = tag?.Trim() ?? "";
            if (clean.Length == 0)
            {
                errors.Add("tags", "Une étiquette ne peut pas être vide.", "A tag cannot be empty.");
                continue;
            }

            if (Taxonomy.Check(clean) is { } problem)
            {
                errors.Add("tags", problem.Fr, problem.En);
                continue;
            }

            if (!tags.Contains(clean, StringComparer.Ordinal))
            {
                tags.Add(clean);
            }
        }
    }

    /// <summary>
    /// Checks a schedule against now: <c>publishAt</c> in the future, <c>unpublishAt</c> after
    /// <c>publishAt</c> (or now).
    /// </summary>
    /// <summary>The earliest original publication date accepted (the Rabat Process began in 2006).</summary>
    public static readonly DateTimeOffset EarliestPublication = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void CheckOriginalPublication(DateTimeOffset? publishedAt, DateTimeOffset now, ValidationErrors errors)
    {
        if (publishedAt is { } p && p > now)
        {
            errors.Add("publishedAt", "La date de publication d'origine doit être passée : pour publier plus tard, programmez l'élément.",
                "The original publication date must be in the past: to publish later, schedule the item.");
        }
        else if (publishedAt is { } q && q < EarliestPublication)
        {
            errors.Add("publishedAt", "La date de publication d'origine doit être au plus tôt le 1er janvier 2000.",
                "The original publication date must be on or after 1 January 2000.");
        }
    }

    public static void CheckSchedule(DateTimeOffset? publishAt, DateTimeOffset? unpublishAt, DateTimeOffset now, ValidationErrors errors)
    {
        if (publishAt is { } p && p <= now)
        {
            errors.Add("publishAt", "La date de publication programmée doit être dans le futur.", "The scheduled publication time must be in the future.");
        }

        if (unpublishAt is { } u && u <= (publishAt is { } start && start > now ? start : now))
        {
            errors.Add("unpublishAt", "La date de retrait doit suivre la publication et être dans le futur.", "The unpublish time must follow the publication and be in the future.");
        }
    }
}
