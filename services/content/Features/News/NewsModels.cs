using Ganss.Xss;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.News;

public static class NewsRules
{
    public const int TitleMaxLength = 300;
    public const int SummaryMaxLength = 2000;
    public const int BodyMaxLength = 200_000;
    public const int MaxTags = 30;
    public const int TagMaxLength = 100;
}

public sealed record NewsTranslationInput(string? Title, string? Summary, string? Body, string? Slug);

/// <summary><c>{"translations":{"fr":{…},"en":{…}},"tags":[…]}</c></summary>
public sealed record NewsWriteRequest(Dictionary<string, NewsTranslationInput?>? Translations, List<string?>? Tags);

/// <summary>A news item as the public reads it, in one language.</summary>
public sealed record NewsView(
    Guid Id,
    string Language,
    bool Fallback,
    string Title,
    string? Summary,
    string? Body,
    string Slug,
    IReadOnlyList<string> Tags,
    DateTimeOffset? PublishedAt,
    IReadOnlyDictionary<string, string> Slugs)
{
    public static NewsView From(NewsItem item, string language)
    {
        var (t, fallback) = item.ResolveTranslation(language);
        return new NewsView(item.Id, t.Language, fallback, t.Title, t.Summary, t.Body, t.Slug, item.Tags, item.PublishedAt,
            item.Translations.ToDictionary(x => x.Language, x => x.Slug));
    }
}

/// <summary>A news item as the Secretariat sees it: every language and the workflow state.</summary>
public sealed record NewsAdminView(
    Guid Id,
    string Status,
    IReadOnlyDictionary<string, TranslatedText> Translations,
    IReadOnlyList<string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt)
{
    public static NewsAdminView From(NewsItem item) => new(
        item.Id,
        item.Status.ToString().ToLowerInvariant(),
        item.TranslatedTexts(),
        item.Tags,
        item.CreatedAt,
        item.UpdatedAt,
        item.PublishedAt);
}

/// <summary>Checks a write request field by field and turns it into clean translations (sanitised HTML, slugs).</summary>
internal static class NewsValidator
{
    public static (List<NewsTranslation> Translations, List<string> Tags) Validate(
        NewsWriteRequest? request, ValidationErrors errors, IHtmlSanitizer sanitizer)
    {
        var translations = new List<NewsTranslation>();
        var tags = new List<string>();
        if (request?.Translations is not { Count: > 0 } input)
        {
            errors.Add("translations", "Au moins une version (fr ou en) est requise.", "At least one version (fr or en) is required.");
            return (translations, tags);
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
            }
            else if (title.Length > NewsRules.TitleMaxLength)
            {
                errors.Add($"{field}.title", $"Le titre dépasse {NewsRules.TitleMaxLength} caractères.", $"The title exceeds {NewsRules.TitleMaxLength} characters.");
            }

            if (value.Summary?.Length > NewsRules.SummaryMaxLength)
            {
                errors.Add($"{field}.summary", $"Le résumé dépasse {NewsRules.SummaryMaxLength} caractères.", $"The summary exceeds {NewsRules.SummaryMaxLength} characters.");
            }

            if (value.Body?.Length > NewsRules.BodyMaxLength)
            {
                errors.Add($"{field}.body", $"Le corps dépasse {NewsRules.BodyMaxLength} caractères.", $"The body exceeds {NewsRules.BodyMaxLength} characters.");
            }

            var slug = string.IsNullOrWhiteSpace(value.Slug) ? Slugs.From(title ?? "") : value.Slug.Trim();
            if (!string.IsNullOrEmpty(title) && !Slugs.IsValid(slug))
            {
                errors.Add($"{field}.slug",
                    "Le slug ne peut contenir que des lettres minuscules, des chiffres et des tirets.",
                    "The slug may contain only lower-case letters, digits and hyphens.");
            }

            if (!string.IsNullOrEmpty(title))
            {
                translations.Add(new NewsTranslation
                {
                    Language = language,
                    Title = title,
                    Summary = string.IsNullOrWhiteSpace(value.Summary) ? null : value.Summary.Trim(),
                    Body = string.IsNullOrWhiteSpace(value.Body) ? null : sanitizer.Sanitize(value.Body),
                    Slug = slug,
                });
            }
        }

        if (request.Tags is { } requestedTags)
        {
            if (requestedTags.Count > NewsRules.MaxTags)
            {
                errors.Add("tags", $"Au plus {NewsRules.MaxTags} étiquettes.", $"At most {NewsRules.MaxTags} tags.");
            }

            foreach (var tag in requestedTags)
            {
                var clean = tag?.Trim();
                if (string.IsNullOrEmpty(clean) || clean.Length > NewsRules.TagMaxLength)
                {
                    errors.Add("tags", $"Chaque étiquette doit compter de 1 à {NewsRules.TagMaxLength} caractères.", $"Each tag must have 1 to {NewsRules.TagMaxLength} characters.");
                    break;
                }

                if (!tags.Contains(clean, StringComparer.OrdinalIgnoreCase))
                {
                    tags.Add(clean);
                }
            }
        }

        return (translations, tags);
    }
}
