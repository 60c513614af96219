using System.Text.RegularExpressions;
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

        if (GcmTags.HasPrefix(tag))
        {
            return GcmTags.Objective(tag) is not null
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
    private static partial Regex FrameworkPath();}

/// <summary>Checks a request field by field and turns a write into clean versions (sanitised HTML, slugs, tags).</summary>
internal static class EditorialValidator
{
    private static readonly string[] StatusFilters = ["draft", "scheduled", "published", "archived", "all"];

    /// <summary>The list's filters and paging; returns the page and size to use.</summary>
    public static (int Page, int PageSize) ValidateList(EditorialListRequest request, ValidationErrors errors)
    {
        var paging = Paging.Validate(request.Page, request.PageSize, errors);
        if (request.Tag is not null && Taxonomy.Check(request.Tag) is { } badTag)
        {
            errors.Add("tag", badTag.Fr, badTag.En);
        }

        if (request.Status is not null && !StatusFilters.Contains(request.Status))
        {
            errors.Add("status", $"Le statut est l'un de : {string.Join(", ", StatusFilters)}.", $"The status is one of: {string.Join(", ", StatusFilters)}.");
        }

        return paging;
    }

    /// <summary>A new item: its versions and tags, and its optional schedule.</summary>
    public static (List<EditorialTranslation> Translations, List<string> Tags) ValidateCreate(
        EditorialWriteRequest request, DateTimeOffset now, EditorialHtml html, ValidationErrors errors)
    {
        var (translations, tags) = Validate(request, errors, html);
        CheckSchedule(request.PublishAt, request.UnpublishAt, now, errors);
        if (request.PublishAt is not null && translations.Count > 0 && !translations.Any(t => t.Ready))
        {
            NoReadyVersion(errors);
        }

        return (translations, tags);
    }

    /// <summary>The schedule of an update, against the item's current state (its versions are checked by <see cref="Validate"/>).</summary>
    public static void CheckUpdate(
        EditorialWriteRequest request, EditorialItem item, List<EditorialTranslation> translations, DateTimeOffset now, ValidationErrors errors)
    {
        if (request.PublishAt is not null && item.Status is EditorialStatus.Published or EditorialStatus.Archived)
        {
            errors.Add("publishAt",
                "Seul un brouillon ou un élément programmé peut être programmé : dépubliez-le d'abord.",
                "Only a draft or a scheduled item can be scheduled: unpublish it first.");
        }
        else
        {
            // unpublishAt must follow the (new or current) publication time and now.
            var start = request.PublishAt ?? (item.Status == EditorialStatus.Scheduled ? item.PublishAt : null);
            CheckSchedule(request.PublishAt, null, now, errors);
            if (request.UnpublishAt is { } unpublish && (unpublish <= now || unpublish <= start))
            {
                UnpublishTooEarly(errors);
            }
        }

        if (translations.Count > 0 && !translations.Any(t => t.Ready)
            && (item.Status is EditorialStatus.Published or EditorialStatus.Scheduled || request.PublishAt is not null))
        {
            NoReadyVersion(errors);
        }
    }

    /// <summary>A schedule request: <c>publishAt</c> required and in the future.</summary>
    public static void ValidateSchedule(ScheduleRequest request, DateTimeOffset now, ValidationErrors errors)
    {
        if (request.PublishAt is null)
        {
            errors.Add("publishAt", "La date de publication est requise.", "The publication time is required.");
        }

        CheckSchedule(request.PublishAt, request.UnpublishAt, now, errors);
    }

    /// <summary>The preview link's token when it is missing or malformed.</summary>
    public static void CheckPreviewToken(PreviewTokenCheck check, ValidationErrors errors)
    {
        if (check == PreviewTokenCheck.Malformed)
        {
            errors.Add("token", "Le jeton d'aperçu est absent ou mal formé.", "The preview token is missing or malformed.");
        }
    }

    /// <summary>The language of a feed's route (<c>/feeds/news.{lang}.rss</c>).</summary>
    public static void CheckFeedLanguage(string lang, ValidationErrors errors)
    {
        if (!Languages.IsSupported(lang))
        {
            errors.Add("lang", "La langue du flux doit être « fr » ou « en ».", "The feed's language must be 'fr' or 'en'.");
        }
    }

    public static (List<EditorialTranslation> Translations, List<string> Tags) Validate(
        EditorialWriteRequest request, ValidationErrors errors, EditorialHtml html)
    {
        var tags = new List<string>();
        if (request.Translations is not { Count: > 0 } input)
        {
            return (Translations.Validate<EditorialTranslationInput, EditorialTranslation>(null, errors, (_, _, _) => null), tags);
        }

        if (request.Format is not null && !EditorialFormats.IsSupported(request.Format))
        {
            errors.Add("format", "Le format doit être « markdown » ou « html ».", "The format must be 'markdown' or 'html'.");
        }

        var translations = Translations.Validate<EditorialTranslationInput, EditorialTranslation>(input, errors, (field, language, value) =>
        {
            if (Check(field, language, value, request.Format, errors) is not { } translation)
            {
                return null;
            }

            translation.Body = html.Render(translation.Source, translation.Format);
            return translation;
        });
        CheckTags(request.Tags, errors, tags);
        return (translations, tags);
    }

    private static EditorialTranslation? Check(string field, string language, EditorialTranslationInput value, string? itemFormat, ValidationErrors errors)
    {
        var title = Translations.Title(field, value.Title, EditorialRules.TitleMaxLength, errors);
        var ok = title is not null && !(value.Summary?.Length > EditorialRules.SummaryMaxLength);
        var summary = Translations.Summary(field, value.Summary, EditorialRules.SummaryMaxLength, errors);
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

        // Editorial's own slug rule (not Translations.Slug): "preview" is reserved, and the text says so.
        var given = value.Title?.Trim();
        var slug = string.IsNullOrWhiteSpace(value.Slug) ? Slugs.From(given ?? "") : value.Slug.Trim();
        if (!string.IsNullOrEmpty(given) && (!Slugs.IsValid(slug) || EditorialRules.ReservedSlugs.Contains(slug)))
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
                Language = language,
                Title = title,
                Summary = summary,
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

    /// <summary>
    /// Checks a schedule against now: <c>publishAt</c> in the future, <c>unpublishAt</c> after
    /// <c>publishAt</c> (or now).
    /// </summary>
    public static void CheckSchedule(DateTimeOffset? publishAt, DateTimeOffset? unpublishAt, DateTimeOffset now, ValidationErrors errors)
    {
        if (publishAt is { } p && p <= now)
        {
            errors.Add("publishAt", "La date de publication programmée doit être dans le futur.", "The scheduled publication time must be in the future.");
        }

        if (unpublishAt is { } u && u <= (publishAt is { } start && start > now ? start : now))
        {
            UnpublishTooEarly(errors);
        }
    }

    private static void UnpublishTooEarly(ValidationErrors errors) => errors.Add("unpublishAt",
        "La date de retrait doit suivre la publication et être dans le futur.",
        "The unpublish time must follow the publication and be in the future.");

    private static void NoReadyVersion(ValidationErrors errors) => errors.Add("translations",
        "Un élément programmé ou publié doit avoir au moins une version prête (status « ready »).",
        "A scheduled or published item needs at least one ready version (status 'ready').");
}
