using System.Text.RegularExpressions;

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

/// <summary>A checked listing: the status (published unless the Secretariat asks), the filters and the page.</summary>
public sealed record PublicationFilter(PublicationStatus Status, string? Type, int? Year, int? Gcm, string? Theme, int Page, int PageSize);

/// <summary>Checks a write request field by field.</summary>
internal static class PublicationsValidator
{
    /// <summary>The filters of a listing, checked; null (with <paramref name="errors"/>) when any is wrong.</summary>
    public static PublicationFilter? Validate(ListPublicationsRequest request, bool secretariat, ValidationErrors errors)
    {
        var (page, size) = Paging.Validate(request.Page, request.PageSize, errors);
        if (request.Type is not null && !PublicationRules.Types.Contains(request.Type))
        {
            errors.Add("type", $"Le type doit être l'un de : {string.Join(", ", PublicationRules.Types)}.",
                $"The type must be one of: {string.Join(", ", PublicationRules.Types)}.");
        }

        if (request.Year is < 1990 or > 2100)
        {
            errors.Add("year", "L'année va de 1990 à 2100.", "The year ranges from 1990 to 2100.");
        }

        if (request.Gcm is < PublicationRules.MinGcm or > PublicationRules.MaxGcm)
        {
            errors.Add("gcm", "Les objectifs du PMM vont de 1 à 23.", "GCM objectives range from 1 to 23.");
        }

        if (request.Theme is { } theme && (theme.Length > PublicationRules.ThemeMaxLength || !PublicationRules.ThemePattern().IsMatch(theme)))
        {
            errors.Add("theme", "Le thème est un slug en minuscules.", "The theme is a lower-case slug.");
        }

        var wanted = PublicationStatus.Published;
        if (request.Status is { } status && (!Enum.TryParse(status, ignoreCase: true, out wanted) || !secretariat || !status.All(char.IsLower)))
        {
            errors.Add("status", "Seul le Secrétariat filtre par statut (draft, published, withdrawn).",
                "Only the Secretariat filters by status (draft, published, withdrawn).");
        }

        return errors.IsEmpty ? new PublicationFilter(wanted, request.Type, request.Year, request.Gcm, request.Theme, page, size) : null;
    }

    /// <summary>The citation format: <c>bibtex</c> or <c>csl-json</c>.</summary>
    public static ValidationErrors Validate(CitePublicationRequest request, ValidationErrors errors)
    {
        if (request.Format is not ("bibtex" or "csl-json"))
        {
            errors.Add("format", "Le format doit être « bibtex » ou « csl-json ».", "The format must be 'bibtex' or 'csl-json'.");
        }

        return errors;
    }

    /// <summary>The related meeting is not one the meetings service announced (checked by the workflow).</summary>
    public static void UnknownMeeting(ValidationErrors errors) =>
        errors.Add("relatedMeetingId", "Réunion inconnue : elle doit avoir été annoncée par le service des réunions.",
            "Unknown meeting: it must have been announced by the meetings service.");

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

        var translations = Translations.Validate(request.Translations, errors, (field, language, value) =>
        {
            var title = Translations.Title(field, value.Title, PublicationRules.TitleMaxLength, errors);
            if (title is null)
            {
                return null;
            }

            var summary = Translations.Summary(field, value.Summary, PublicationRules.SummaryMaxLength, errors);
            var slug = Translations.Slug(field, value.Slug, title, errors);
            return new PublicationTranslation { Language = language, Title = title, Summary = summary, Slug = slug };
        });
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
