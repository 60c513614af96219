using System.Text.RegularExpressions;
using RabatPlatform.Contracts;

namespace RabatPlatform.Publications.Features.Publications;

public static partial class PublicationRules
{
    public const int TitleMaxLength = 500;
    public const int SummaryMaxLength = 4000;
    public const int FileNameMaxLength = 200;
    public const int MaxAuthors = 50;
    public const int AuthorMaxLength = 200;
    public const int MaxPartners = 100;
    public const int MaxThemes = 20;
    public const int ThemeMaxLength = 64;
    public const int MaxFrameworks = 50;
    public const int MinGcm = 1;
    public const int MaxGcm = 23;

    public static readonly IReadOnlyList<string> Types =
    [
        "report", "study", "bulletin", "policy-brief", "technical-recommendations", "compendium", "guide",
        "final-document", "background-paper",
    ];

    [GeneratedRegex("^[a-z0-9]+([.-][a-z0-9]+)*$")]
    public static partial Regex ThemePattern();

    [GeneratedRegex("^[A-Z]{2,10}$")]
    public static partial Regex PartnerPattern();

    [GeneratedRegex(@"^(rabat-2006|marrakech-2018|cadiz-2023)(\.d[1-9][0-9]?(\.o[1-9][0-9]?)?)?$")]
    public static partial Regex FrameworkPattern();
}

public sealed record PublicationTranslationInput(string? Title, string? Summary, string? Slug);

/// <summary>
/// <c>{"type":"report","publishedOn":"2023-06-01","translations":{"fr":{…},"en":{…}},"authors":[…],
/// "partners":["MA"],"themes":[…],"frameworks":["cadiz-2023.d2"],"gcmObjectives":[11],"relatedMeetingId":null}</c>
/// </summary>
public sealed record PublicationWriteRequest(
    string? Type,
    DateOnly? PublishedOn,
    Dictionary<string, PublicationTranslationInput?>? Translations,
    List<string?>? Authors,
    List<string?>? Partners,
    List<string?>? Themes,
    List<string?>? Frameworks,
    List<int>? GcmObjectives,
    Guid? RelatedMeetingId);

/// <summary>A validated write request.</summary>
public sealed record PublicationInput(
    string Type,
    DateOnly PublishedOn,
    IReadOnlyList<PublicationTranslation> Translations,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> Partners,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> Frameworks,
    IReadOnlyList<int> GcmObjectives,
    Guid? RelatedMeetingId);

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

/// <summary>Checks a write request field by field.</summary>
internal static class PublicationValidator
{
    public static PublicationInput? Validate(PublicationWriteRequest? request, ValidationErrors errors)
    {
        if (request is null)
        {
            errors.Add("body", "Le corps de la requête est requis.", "The request body is required.");
            return null;
        }

        var type = request.Type?.Trim();
        if (string.IsNullOrEmpty(type) || !PublicationRules.Types.Contains(type))
        {
            errors.Add("type", $"Le type doit être l'un de : {string.Join(", ", PublicationRules.Types)}.",
                $"The type must be one of: {string.Join(", ", PublicationRules.Types)}.");
        }

        if (request.PublishedOn is not { } publishedOn)
        {
            errors.Add("publishedOn", "La date de publication est requise (AAAA-MM-JJ).", "The publication date is required (YYYY-MM-DD).");
            publishedOn = default;
        }
        else if (publishedOn.Year is < 1990 or > 2100)
        {
            errors.Add("publishedOn", "La date de publication doit être comprise entre 1990 et 2100.", "The publication date must be between 1990 and 2100.");
        }

        var translations = ValidateTranslations(request.Translations, errors);
        var authors = CleanList(request.Authors, "authors", PublicationRules.MaxAuthors, errors, a =>
            a.Length <= PublicationRules.AuthorMaxLength && !a.Any(char.IsControl),
            ($"Chaque auteur compte de 1 à {PublicationRules.AuthorMaxLength} caractères, sans caractère de contrôle.",
             $"Each author has 1 to {PublicationRules.AuthorMaxLength} characters, without control characters."));
        var partners = CleanList(request.Partners, "partners", PublicationRules.MaxPartners, errors,
            p => PublicationRules.PartnerPattern().IsMatch(p),
            ("Chaque partenaire est un code en majuscules (MA, ES, EU, ECOWAS…).", "Each partner is an upper-case code (MA, ES, EU, ECOWAS…)."));
        var themes = CleanList(request.Themes, "themes", PublicationRules.MaxThemes, errors,
            t => t.Length <= PublicationRules.ThemeMaxLength && PublicationRules.ThemePattern().IsMatch(t),
            ("Chaque thème est un slug en minuscules d'au plus 64 caractères.", "Each theme is a lower-case slug of at most 64 characters."));
        var frameworks = CleanList(request.Frameworks, "frameworks", PublicationRules.MaxFrameworks, errors,
            f => PublicationRules.FrameworkPattern().IsMatch(f),
            ("Chaque code de cadre est de la forme cadiz-2023, cadiz-2023.d2 ou cadiz-2023.d2.o1.",
             "Each framework code looks like cadiz-2023, cadiz-2023.d2 or cadiz-2023.d2.o1."));

        var gcm = new List<int>();
        foreach (var n in request.GcmObjectives ?? [])
        {
            if (n is < PublicationRules.MinGcm or > PublicationRules.MaxGcm)
            {
                errors.Add("gcmObjectives", "Les objectifs du PMM vont de 1 à 23.", "GCM objectives range from 1 to 23.");
                break;
            }

            if (!gcm.Contains(n))
            {
                gcm.Add(n);
            }
        }

        gcm.Sort();
        return errors.IsEmpty
            ? new PublicationInput(type!, publishedOn, translations, authors, partners, themes, frameworks, gcm, request.RelatedMeetingId)
            : null;
    }

    private static List<PublicationTranslation> ValidateTranslations(
        Dictionary<string, PublicationTranslationInput?>? input, ValidationErrors errors)
    {
        var translations = new List<PublicationTranslation>();
        if (input is not { Count: > 0 })
        {
            errors.Add("translations", "Au moins une version (fr ou en) est requise.", "At least one version (fr or en) is required.");
            return translations;
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

            var title = value.Title?.Trim();
            if (string.IsNullOrEmpty(title))
            {
                errors.Add($"{field}.title", "Le titre est requis.", "The title is required.");
                continue;
            }

            if (title.Length > PublicationRules.TitleMaxLength)
            {
                errors.Add($"{field}.title", $"Le titre dépasse {PublicationRules.TitleMaxLength} caractères.", $"The title exceeds {PublicationRules.TitleMaxLength} characters.");
            }

            if (value.Summary?.Length > PublicationRules.SummaryMaxLength)
            {
                errors.Add($"{field}.summary", $"Le résumé dépasse {PublicationRules.SummaryMaxLength} caractères.", $"The summary exceeds {PublicationRules.SummaryMaxLength} characters.");
            }

            var slug = string.IsNullOrWhiteSpace(value.Slug) ? Slugs.From(title) : value.Slug.Trim();
            if (!Slugs.IsValid(slug))
            {
                errors.Add($"{field}.slug",
                    "Le slug ne peut contenir que des lettres minuscules, des chiffres et des tirets.",
                    "The slug may contain only lower-case letters, digits and hyphens.");
            }

            translations.Add(new PublicationTranslation
            {
                Language = language,
                Title = title,
                Summary = string.IsNullOrWhiteSpace(value.Summary) ? null : value.Summary.Trim(),
                Slug = slug,
            });
        }

        return translations;
    }

    private static List<string> CleanList(
        List<string?>? values, string field, int max, ValidationErrors errors, Func<string, bool> valid, (string Fr, string En) message)
    {
        var clean = new List<string>();
        if (values is null)
        {
            return clean;
        }

        if (values.Count > max)
        {
            errors.Add(field, $"Au plus {max} valeurs.", $"At most {max} values.");
            return clean;
        }

        foreach (var value in values)
        {
            var v = value?.Trim();
            if (string.IsNullOrEmpty(v) || !valid(v))
            {
                errors.Add(field, message.Fr, message.En);
                return clean;
            }

            if (!clean.Contains(v, StringComparer.Ordinal))
            {
                clean.Add(v);
            }
        }

        return clean;
    }
}
