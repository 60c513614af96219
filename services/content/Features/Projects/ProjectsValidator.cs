using System.Globalization;
using System.Text.RegularExpressions;
using RabatPlatform.Content.Features.Partners;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Projects;

public static partial class ProjectRules
{
    public const int TitleMaxLength = 300;
    public const int SummaryMaxLength = 4000;
    public const int NameMaxLength = 200;
    public const int MaxCountries = 60;
    public const int MaxThemes = 20;
    public const int ThemeMaxLength = 64;
    public const int MinYear = 1990;
    public const int MaxYear = 2100;

    public static bool IsTheme(string theme) => theme.Length <= ThemeMaxLength && Theme().IsMatch(theme);

    [GeneratedRegex("^[a-z0-9]+([.-][a-z0-9]+)*$")]
    private static partial Regex Theme();
}

/// <summary>
/// One set of rules for a project, whether it comes as JSON or as a CSV row: each error is reported
/// with a logical field name (<c>titleFr</c>, <c>countries</c>, <c>startYear</c>…) that the caller maps
/// to its own (<c>translations.fr.title</c> or <c>title_fr</c>).
/// </summary>
public sealed record ProjectDraft(
    string? TitleFr,
    string? TitleEn,
    string? SummaryFr,
    string? SummaryEn,
    IReadOnlyList<string?>? Countries,
    string? StartYear,
    string? EndYear,
    string? Donor,
    string? Implementer,
    IReadOnlyList<string?>? Themes);

public delegate void ReportError(string field, string french, string english);

public static class ProjectsValidator
{
    /// <summary>The JSON body's place of each rule's logical field.</summary>
    private static readonly Dictionary<string, string> JsonFields = new()
    {
        ["title"] = "translations",
        ["titleFr"] = "translations.fr.title",
        ["titleEn"] = "translations.en.title",
        ["summaryFr"] = "translations.fr.summary",
        ["summaryEn"] = "translations.en.summary",
    };

    /// <summary>A project sent as JSON, checked by the same rules as a CSV row. Null when <paramref name="errors"/> has any.</summary>
    public static ProjectFields? ValidateWrite(ProjectWriteRequest? request, ValidationErrors errors)
    {
        if (request is null)
        {
            errors.Add("body", "Le corps de la requête est requis.", "The request body is required.");
            return null;
        }

        foreach (var key in (request.Translations?.Keys ?? Enumerable.Empty<string>()).Where(k => !Languages.IsSupported(k)))
        {
            errors.Add($"translations.{key}", "Langue inconnue : seules « fr » et « en » sont acceptées.", "Unknown language: only 'fr' and 'en' are accepted.");
        }

        var fr = request.Translations?.GetValueOrDefault(Languages.French);
        var en = request.Translations?.GetValueOrDefault(Languages.English);
        var draft = new ProjectDraft(
            fr?.Title, en?.Title, fr?.Summary, en?.Summary, request.Countries,
            request.StartYear?.ToString(CultureInfo.InvariantCulture),
            request.EndYear?.ToString(CultureInfo.InvariantCulture),
            request.Donor, request.Implementer, request.Themes);
        var fields = Validate(draft, (field, french, english) => errors.Add(JsonFields.GetValueOrDefault(field, field), french, english));
        return errors.IsEmpty ? fields : null;
    }

    /// <summary>The list's filters: the country code (upper case) and the year, checked; the page and its size.</summary>
    public static (string? Country, int? Year, int Page, int PageSize) ValidateList(ProjectListRequest request, ValidationErrors errors)
    {
        var (page, size) = Paging.Validate(request.Page, request.PageSize, errors);
        var countryCode = request.Country?.Trim().ToUpperInvariant();
        if (countryCode is not null && !IsoCountries.IsAssigned(countryCode))
        {
            errors.Add("country", "Le pays doit être un code ISO 3166-1 alpha-2.", "The country must be an ISO 3166-1 alpha-2 code.");
        }

        if (request.Theme is not null && !ProjectRules.IsTheme(request.Theme))
        {
            errors.Add("theme", "Le thème n'est pas valide.", "The theme is not valid.");
        }

        int? yearValue = null;
        if (request.Year is not null)
        {
            if (int.TryParse(request.Year, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
                && y is >= ProjectRules.MinYear and <= ProjectRules.MaxYear)
            {
                yearValue = y;
            }
            else
            {
                errors.Add("year",
                    $"L'année doit être un nombre de {ProjectRules.MinYear} à {ProjectRules.MaxYear}.",
                    $"The year must be a number from {ProjectRules.MinYear} to {ProjectRules.MaxYear}.");
            }
        }

        return (countryCode, yearValue, page, size);
    }

    public static ProjectFields? Validate(ProjectDraft d, ReportError report)
    {
        var ok = true;
        void Fail(string field, string fr, string en)
        {
            ok = false;
            report(field, fr, en);
        }

        var titleFr = Clean(d.TitleFr);
        var titleEn = Clean(d.TitleEn);
        if (titleFr is null && titleEn is null)
        {
            Fail("title", "Un titre (en français ou en anglais) est requis.", "A title (in French or English) is required.");
        }

        CheckLength(titleFr, "titleFr", ProjectRules.TitleMaxLength, "Le titre", "The title", Fail);
        CheckLength(titleEn, "titleEn", ProjectRules.TitleMaxLength, "Le titre", "The title", Fail);
        var summaryFr = Clean(d.SummaryFr);
        var summaryEn = Clean(d.SummaryEn);
        CheckLength(summaryFr, "summaryFr", ProjectRules.SummaryMaxLength, "Le résumé", "The summary", Fail);
        CheckLength(summaryEn, "summaryEn", ProjectRules.SummaryMaxLength, "Le résumé", "The summary", Fail);
        if (summaryFr is not null && titleFr is null)
        {
            Fail("titleFr", "Un résumé en français demande un titre en français.", "A French summary needs a French title.");
        }

        if (summaryEn is not null && titleEn is null)
        {
            Fail("titleEn", "Un résumé en anglais demande un titre en anglais.", "An English summary needs an English title.");
        }

        var countries = new List<string>();
        var badCountry = false;
        foreach (var raw in d.Countries ?? [])
        {
            var code = Clean(raw)?.ToUpperInvariant();
            if (code is null)
            {
                continue;
            }

            if (!IsoCountries.IsAssigned(code))
            {
                badCountry = true;
                Fail("countries", $"« {code} » n'est pas un code pays ISO 3166-1 alpha-2.", $"'{code}' is not an ISO 3166-1 alpha-2 country code.");
            }
            else if (!countries.Contains(code))
            {
                countries.Add(code);
            }
        }

        if (countries.Count == 0 && !badCountry)
        {
            Fail("countries", "Au moins un pays est requis.", "At least one country is required.");
        }
        else if (countries.Count > ProjectRules.MaxCountries)
        {
            Fail("countries", $"Au plus {ProjectRules.MaxCountries} pays.", $"At most {ProjectRules.MaxCountries} countries.");
        }

        var start = Year(d.StartYear, "startYear", required: true, Fail);
        var end = Year(d.EndYear, "endYear", required: false, Fail);
        if (start is not null && end is not null && end < start)
        {
            Fail("endYear", "L'année de fin précède l'année de début.", "The end year is before the start year.");
        }

        var donor = Clean(d.Donor);
        var implementer = Clean(d.Implementer);
        CheckLength(donor, "donor", ProjectRules.NameMaxLength, "Le bailleur", "The donor", Fail);
        CheckLength(implementer, "implementer", ProjectRules.NameMaxLength, "L'exécutant", "The implementer", Fail);

        var themes = new List<string>();
        foreach (var raw in d.Themes ?? [])
        {
            var theme = Clean(raw);
            if (theme is null)
            {
                continue;
            }

            if (!ProjectRules.IsTheme(theme))
            {
                Fail("themes",
                    $"« {theme} » n'est pas un thème valide (minuscules, chiffres, tirets ou points ; {ProjectRules.ThemeMaxLength} caractères au plus).",
                    $"'{theme}' is not a valid theme (lower-case letters, digits, hyphens or dots; at most {ProjectRules.ThemeMaxLength} characters).");
            }
            else if (!themes.Contains(theme))
            {
                themes.Add(theme);
            }
        }

        if (themes.Count > ProjectRules.MaxThemes)
        {
            Fail("themes", $"Au plus {ProjectRules.MaxThemes} thèmes.", $"At most {ProjectRules.MaxThemes} themes.");
        }

        return ok
            ? new ProjectFields(titleFr, titleEn, summaryFr, summaryEn, countries, start!.Value, end, donor, implementer, themes)
            : null;
    }

    private static int? Year(string? raw, string field, bool required, ReportError fail)
    {
        var text = Clean(raw);
        if (text is null)
        {
            if (required)
            {
                fail(field, "L'année est requise.", "The year is required.");
            }

            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || year is < ProjectRules.MinYear or > ProjectRules.MaxYear)
        {
            fail(field,
                $"L'année doit être un nombre de {ProjectRules.MinYear} à {ProjectRules.MaxYear}.",
                $"The year must be a number from {ProjectRules.MinYear} to {ProjectRules.MaxYear}.");
            return null;
        }

        return year;
    }

    private static void CheckLength(string? value, string field, int max, string fr, string en, ReportError fail)
    {
        if (value?.Length > max)
        {
            fail(field, $"{fr} dépasse {max} caractères.", $"{en} exceeds {max} characters.");
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
