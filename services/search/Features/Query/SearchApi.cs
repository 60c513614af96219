using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Search.Data;

namespace RabatPlatform.Search.Features.Query;

public sealed record SearchHit(
    string Type, Guid Id, string Slug, string Title, string? Snippet, DateTimeOffset Date, string Language, bool Fallback, string Url);

public sealed record SearchResults(string Query, string Language, IReadOnlyList<SearchHit> Items, int Page, int PageSize, int Total);

/// <summary><c>GET /api/search?q=&amp;lang=&amp;page=&amp;pageSize=</c>: full-text search in PostgreSQL.</summary>
public static class SearchApi
{
    public const int MaxQueryLength = 500;

    public static RouteGroupBuilder MapSearchApi(this RouteGroupBuilder api)
    {
        api.MapGet("/", SearchAsync).WithTags("Search");
        return api;
    }

    internal static async Task<Results<Ok<SearchResults>, ValidationProblem>> SearchAsync(
        HttpContext http, SearchDbContext db, string? q, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = RequestLanguage.CheckQuery(http, new ValidationErrors(language));
        var query = q?.Trim() ?? "";
        if (query.Length == 0)
        {
            errors.Add("q", "Le texte à rechercher est requis.", "The search text is required.");
        }
        else if (query.Length > MaxQueryLength)
        {
            errors.Add("q", $"Le texte à rechercher dépasse {MaxQueryLength} caractères.", $"The search text exceeds {MaxQueryLength} characters.");
        }

        var (p, size) = Paging.Validate(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var offset = (p - 1) * size;

        // websearch_to_tsquery accepts any user input without a syntax error. The query is stemmed in
        // the language of each document's text (a fallback document is in the other language).
        var total = await db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value"
            FROM search_documents d
            CROSS JOIN (SELECT websearch_to_tsquery('rabat_fr', {query}) AS fr, websearch_to_tsquery('rabat_en', {query}) AS en) q
            WHERE d.language = {language}
              AND ((d.text_language = 'fr' AND d.search_vector @@ q.fr) OR (d.text_language = 'en' AND d.search_vector @@ q.en))
            """).SingleAsync(cancellationToken);

        var rows = await db.Database.SqlQuery<HitRow>($"""
            SELECT d.item_type, d.item_id, d.slug, d.title, d.date, d.language, d.text_language, d.fallback,
                   ts_headline(CASE WHEN d.text_language = 'en' THEN 'rabat_en'::regconfig ELSE 'rabat_fr'::regconfig END,
                               coalesce(nullif(d.summary, ''), d.title), CASE WHEN d.text_language = 'en' THEN q.en ELSE q.fr END,
                               'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=30, MinWords=10') AS snippet
            FROM search_documents d
            CROSS JOIN (SELECT websearch_to_tsquery('rabat_fr', {query}) AS fr, websearch_to_tsquery('rabat_en', {query}) AS en) q
            WHERE d.language = {language}
              AND ((d.text_language = 'fr' AND d.search_vector @@ q.fr) OR (d.text_language = 'en' AND d.search_vector @@ q.en))
            ORDER BY ts_rank_cd(d.search_vector, CASE WHEN d.text_language = 'en' THEN q.en ELSE q.fr END) DESC, d.date DESC
            LIMIT {size} OFFSET {offset}
            """).ToListAsync(cancellationToken);

        var items = rows.Select(r => new SearchHit(
            r.item_type, r.item_id, r.slug, r.title, r.snippet, r.date, r.text_language, r.fallback,
            $"/api/{ServiceOf(r.item_type)}/{r.slug}?lang={r.text_language}")).ToList();
        return TypedResults.Ok(new SearchResults(query, language, items, p, size, total));
    }

    private static string ServiceOf(string itemType) => itemType switch
    {
        "news" => "content/news",
        "page" => "content/pages",
        "meeting" => "meetings",
        "publication" => "publications",
        "project" => "content/projects",
        _ => itemType,
    };

#pragma warning disable IDE1006, SA1300 // column names as PostgreSQL returns them
    private sealed record HitRow(
        string item_type, Guid item_id, string slug, string title, DateTimeOffset date, string language,
        string text_language, bool fallback, string? snippet);
#pragma warning restore IDE1006, SA1300
}
