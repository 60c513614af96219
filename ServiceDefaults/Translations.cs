using RabatPlatform.Contracts;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The rules every bilingual item shares (news, pages, meetings, publications…): versions keyed by
/// <c>fr</c>/<c>en</c>, at least one, each with a title, an optional summary and a slug. A feature checks
/// its own fields in <c>map</c>; the error texts here are the same for every kind of item.
/// </summary>
public static class Translations
{
    /// <summary>
    /// Checks the versions of a write request: one error per bad field (<c>translations.fr.title</c>…),
    /// and the versions <paramref name="map"/> accepted. <paramref name="map"/> gets the field prefix
    /// (<c>translations.fr</c>), the language and the non-null input; it returns null to skip a version.
    /// </summary>
    public static List<T> Validate<TInput, T>(
        IReadOnlyDictionary<string, TInput?>? input, ValidationErrors errors, Func<string, string, TInput, T?> map)
        where TInput : class
        where T : class
    {
        var accepted = new List<T>();
        if (input is not { Count: > 0 })
        {
            errors.Add("translations", "Au moins une version (fr ou en) est requise.", "At least one version (fr or en) is required.");
            return accepted;
        }

        foreach (var (language, value) in input)
        {
            var field = $"translations.{language}";
            if (!Languages.IsSupported(language))
            {
                errors.Add(field, "Langue inconnue : seules « fr » et « en » sont acceptées.", "Unknown language: only 'fr' and 'en' are accepted.");
            }
            else if (value is null)
            {
                errors.Add(field, "La version est vide.", "The version is empty.");
            }
            else if (map(field, language, value) is { } version)
            {
                accepted.Add(version);
            }
        }

        return accepted;
    }

    /// <summary>A required title, trimmed, at most <paramref name="maxLength"/> characters; null (with an error) otherwise.</summary>
    public static string? Title(string field, string? value, int maxLength, ValidationErrors errors)
    {
        var title = value?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            errors.Add($"{field}.title", "Le titre est requis.", "The title is required.");
            return null;
        }

        if (title.Length > maxLength)
        {
            errors.Add($"{field}.title", $"Le titre dépasse {maxLength} caractères.", $"The title exceeds {maxLength} characters.");
            return null;
        }

        return title;
    }

    /// <summary>An optional summary, trimmed (blank is none), at most <paramref name="maxLength"/> characters.</summary>
    public static string? Summary(string field, string? value, int maxLength, ValidationErrors errors)
    {
        if (value?.Length > maxLength)
        {
            errors.Add($"{field}.summary", $"Le résumé dépasse {maxLength} caractères.", $"The summary exceeds {maxLength} characters.");
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>
    /// The slug given, or one made from the title; an error when it is not a valid slug or looks like an
    /// id (a slug that parses as a GUID would shadow the <c>/{id}</c> routes).
    /// </summary>
    public static string Slug(string field, string? value, string title, ValidationErrors errors)
    {
        var slug = string.IsNullOrWhiteSpace(value) ? Slugs.From(title) : value.Trim();
        if (!Slugs.IsValid(slug) || Guid.TryParse(slug, out _))
        {
            errors.Add($"{field}.slug",
                "Le slug ne peut contenir que des lettres minuscules, des chiffres et des tirets.",
                "The slug may contain only lower-case letters, digits and hyphens.");
        }

        return slug;
    }
}
