using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RabatPlatform.Contracts;
using RabatPlatform.Search.Data;

namespace RabatPlatform.Search.Features.Query;

/// <summary>
/// <c>GET /api/search?q=&amp;lang=&amp;type=&amp;year=&amp;theme=&amp;country=&amp;language=&amp;page=&amp;pageSize=</c> and
/// <c>GET /api/search/suggest?q=&amp;lang=</c>.
/// </summary>
public static class SearchApi
{
    public const int MaxQueryLength = 500;
    public const int MaxSuggestLength = 100;
    public const int SuggestLimit = 8;

    public static RouteGroupBuilder MapSearchApi(this RouteGroupBuilder api)
    {
        api.MapGet("/", SearchAsync).WithTags("Search");
        api.MapGet("/suggest", SuggestAsync).WithTags("Search");
        return api;
    }

    internal static async Task<Results<Ok<SearchResults>, ValidationProblem>> SearchAsync(
        HttpContext http, SearchDbContext db, string? q, string? type, int? year, string? theme, string? country, [FromQuery(Name = "language")] string? textLanguage,
        int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = RequestLanguage.CheckQuery(http, new ValidationErrors(language));
        var query = CheckText(q, MaxQueryLength, errors);
        if (type is not null && !SearchItemTypes.All.Contains(type))
        {
            errors.Add("type", $"Type inconnu : {string.Join(", ", SearchItemTypes.All)}.", $"Unknown type: {string.Join(", ", SearchItemTypes.All)}.");
        }

        if (year is < 1900 or > 2200)
        {
            errors.Add("year", "L'année va de 1900 à 2200.", "The year ranges from 1900 to 2200.");
        }

        if (theme is { Length: 0 or > 100 })
        {
            errors.Add("theme", "Le thème compte de 1 à 100 caractères.", "The theme has 1 to 100 characters.");
        }

        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetter)))
        {
            errors.Add("country", "Le pays est un code ISO 3166-1 à deux lettres.", "The country is a two-letter ISO 3166-1 code.");
        }

        if (textLanguage is not null && !Languages.IsSupported(textLanguage))
        {
            errors.Add("language", "La langue du texte est fr ou en.", "The text's language is fr or en.");
        }

        var (p, size) = Paging.Validate(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var request = new SearchRequest(query, language, type, year, theme, country, p, size, textLanguage);
        return TypedResults.Ok(await SearchQueries.SearchAsync(db, request, cancellationToken));
    }

    internal static async Task<Results<Ok<SuggestResults>, ValidationProblem>> SuggestAsync(
        HttpContext http, SearchDbContext db, string? q, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = RequestLanguage.CheckQuery(http, new ValidationErrors(language));
        var query = CheckText(q, MaxSuggestLength, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var suggestions = await SearchQueries.SuggestAsync(db, query, language, SuggestLimit, cancellationToken);
        return TypedResults.Ok(new SuggestResults(query, language, suggestions));
    }

    private static string CheckText(string? q, int maxLength, ValidationErrors errors)
    {
        var query = q?.Trim() ?? "";
        if (query.Length == 0)
        {
            errors.Add("q", "Le texte à rechercher est requis.", "The search text is required.");
        }
        else if (query.Length > maxLength)
        {
            errors.Add("q", $"Le texte à rechercher dépasse {maxLength} caractères.", $"The search text exceeds {maxLength} characters.");
        }

        return query;
    }
}

public sealed record SuggestResults(string Query, string Language, IReadOnlyList<Suggestion> Suggestions);
