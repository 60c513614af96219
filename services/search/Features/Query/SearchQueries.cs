using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Search.Data;

namespace RabatPlatform.Search.Features.Query;

public sealed record SearchRequest(string Query, string Language, string? Type, int? Year, string? Theme, string? Country, int Page, int PageSize);

public sealed record SearchHit(
    string Type, Guid Id, string Slug, string Title, string? Snippet, DateTimeOffset Date, string Language, bool Fallback, string Url);

public sealed record SearchResults(
    string Query,
    string Language,
    IReadOnlyList<SearchHit> Items,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets,
    int Page,
    int PageSize,
    int Total,
    string? DidYouMean);

public sealed record Suggestion(string Title, string Type, Guid Id, string Slug);

/// <summary>
/// The index's queries, in PostgreSQL full-text search. A query is parsed twice, once per language
/// (French with elisions cut), by <c>websearch_to_tsquery</c>, which accepts any input; each document
/// is matched with the query of its own text's language, so the GIN index serves both.
/// </summary>
public static partial class SearchQueries
{
    public static async Task<SearchResults> SearchAsync(SearchDbContext db, SearchRequest r, CancellationToken cancellationToken)
    {
        var (fr, en) = (Elisions.Strip(r.Query), r.Query);
        var offset = (r.Page - 1) * r.PageSize;
        var theme = r.Theme;
        var country = r.Country?.ToUpperInvariant();

        var facetRows = await db.Database.SqlQuery<FacetRow>($"""
            WITH q AS (SELECT websearch_to_tsquery('rabat_fr', {fr}) AS fr, websearch_to_tsquery('rabat_en', {en}) AS en),
            m AS (
                SELECT d.item_type, d.year, d.themes, d.countries
                FROM search_documents d, q
                WHERE d.language = {r.Language}
                  AND ((d.text_language = 'fr' AND d.search_vector @@ q.fr) OR (d.text_language = 'en' AND d.search_vector @@ q.en))
                  AND ({r.Type}::text IS NULL OR d.item_type = {r.Type}::text)
                  AND ({r.Year}::int IS NULL OR d.year = {r.Year}::int)
                  AND ({theme}::text IS NULL OR d.themes @> ARRAY[{theme}::text])
                  AND ({country}::text IS NULL OR d.countries @> ARRAY[{country}::text]))
            SELECT 'type' AS facet, item_type AS value, count(*)::int AS count FROM m GROUP BY item_type
            UNION ALL SELECT 'year', year::text, count(*)::int FROM m GROUP BY year
            UNION ALL SELECT 'theme', t, count(*)::int FROM m, unnest(m.themes) AS t GROUP BY t
            UNION ALL SELECT 'country', c, count(*)::int FROM m, unnest(m.countries) AS c GROUP BY c
            """).ToListAsync(cancellationToken);

        var facets = new[] { "type", "year", "theme", "country" }.ToDictionary(
            f => f,
            f => (IReadOnlyDictionary<string, int>)facetRows.Where(x => x.facet == f)
                .OrderByDescending(x => x.count).ThenBy(x => x.value, StringComparer.Ordinal)
                .ToDictionary(x => x.value, x => x.count));
        var total = facets["type"].Values.Sum();

        var rows = total == 0 ? [] : await db.Database.SqlQuery<HitRow>($"""
            WITH q AS (SELECT websearch_to_tsquery('rabat_fr', {fr}) AS fr, websearch_to_tsquery('rabat_en', {en}) AS en)
            SELECT d.item_type, d.item_id, d.slug, d.title, d.date, d.text_language, d.fallback,
                   ts_headline(CASE WHEN d.text_language = 'en' THEN 'rabat_en'::regconfig ELSE 'rabat_fr'::regconfig END,
                               coalesce(nullif(d.summary, ''), d.title),
                               CASE WHEN d.text_language = 'en' THEN q.en ELSE q.fr END,
                               'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=30, MinWords=10') AS snippet
            FROM search_documents d, q
            WHERE d.language = {r.Language}
              AND ((d.text_language = 'fr' AND d.search_vector @@ q.fr) OR (d.text_language = 'en' AND d.search_vector @@ q.en))
              AND ({r.Type}::text IS NULL OR d.item_type = {r.Type}::text)
              AND ({r.Year}::int IS NULL OR d.year = {r.Year}::int)
              AND ({theme}::text IS NULL OR d.themes @> ARRAY[{theme}::text])
              AND ({country}::text IS NULL OR d.countries @> ARRAY[{country}::text])
            ORDER BY ts_rank_cd(d.search_vector, CASE WHEN d.text_language = 'en' THEN q.en ELSE q.fr END) DESC, d.date DESC
            LIMIT {r.PageSize} OFFSET {offset}
            """).ToListAsync(cancellationToken);

        var items = rows.Select(x => new SearchHit(
            x.item_type, x.item_id, x.slug, x.title, x.snippet, x.date, x.text_language, x.fallback,
            $"/api/{ServiceOf(x.item_type)}/{x.slug}?lang={x.text_language}")).ToList();
        var didYouMean = total == 0 ? await DidYouMeanAsync(db, r.Query, r.Language, cancellationToken) : null;
        return new SearchResults(r.Query, r.Language, items, facets, r.Page, r.PageSize, total, didYouMean);
    }

    /// <summary>Title completions for search-as-you-type: every word must match, the last one as a prefix.</summary>
    public static async Task<IReadOnlyList<Suggestion>> SuggestAsync(SearchDbContext db, string query, string language, int limit, CancellationToken cancellationToken)
    {
        var words = Words().Matches(Elisions.Strip(query)).Select(m => m.Value).Take(10).ToList();
        if (words.Count == 0)
        {
            return [];
        }

        // Only letters and digits reach to_tsquery, so its syntax cannot be broken; ":A" keeps to titles.
        var tsquery = string.Join(" & ", words.Select((w, i) => i == words.Count - 1 ? $"{w}:*A" : $"{w}:A"));
        var rows = await db.Database.SqlQuery<SuggestionRow>($"""
            WITH q AS (SELECT to_tsquery('rabat_fr', {tsquery}) AS fr, to_tsquery('rabat_en', {tsquery}) AS en)
            SELECT d.title, d.item_type, d.item_id, d.slug
            FROM search_documents d, q
            WHERE d.language = {language}
              AND ((d.text_language = 'fr' AND d.search_vector @@ q.fr) OR (d.text_language = 'en' AND d.search_vector @@ q.en))
            ORDER BY d.fallback, d.date DESC
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
        return rows.Select(x => new Suggestion(x.title, x.item_type, x.item_id, x.slug)).ToList();
    }

    /// <summary>
    /// "Did you mean": each word of the query that no title uses is replaced by the title word closest to it
    /// (trigram similarity); null when nothing changes.
    /// </summary>
    private static async Task<string?> DidYouMeanAsync(SearchDbContext db, string query, string language, CancellationToken cancellationToken)
    {
        var words = Words().Matches(Elisions.Strip(query)).Select(m => m.Value).Take(10).ToArray();
        if (words.Length == 0)
        {
            return null;
        }

        var corrections = await db.Database.SqlQuery<CorrectionRow>($"""
            SELECT w.word, best.term
            FROM unnest({words}) WITH ORDINALITY AS w(word, position)
            CROSS JOIN LATERAL (
                SELECT t.term FROM search_terms t
                WHERE t.language = {language} AND t.term % lower(unaccent(w.word))
                ORDER BY similarity(t.term, lower(unaccent(w.word))) DESC, t.term
                LIMIT 1) best
            WHERE NOT EXISTS (SELECT 1 FROM search_terms k WHERE k.language = {language} AND k.term = lower(unaccent(w.word)))
            ORDER BY w.position
            """).ToListAsync(cancellationToken);
        if (corrections.Count == 0)
        {
            return null;
        }

        var replaced = words.Select(w => corrections.FirstOrDefault(c => c.word == w)?.term ?? w.ToLowerInvariant());
        return string.Join(' ', replaced);
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

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();

#pragma warning disable IDE1006, SA1300 // column names as PostgreSQL returns them
    private sealed record FacetRow(string facet, string value, int count);

    private sealed record HitRow(
        string item_type, Guid item_id, string slug, string title, DateTimeOffset date, string text_language, bool fallback, string? snippet);

    private sealed record SuggestionRow(string title, string item_type, Guid item_id, string slug);

    private sealed record CorrectionRow(string word, string term);
#pragma warning restore IDE1006, SA1300
}
