using System.Text.Json;
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
    string? DidYouMean,
    bool TotalIsEstimate = false);

public sealed record Suggestion(string Title, string Type, Guid Id, string Slug);

/// <summary>
/// The index's queries, in PostgreSQL full-text search. A query is parsed twice, once per language
/// (French with elisions cut), by <c>websearch_to_tsquery</c>, which accepts any input; each document
/// is matched with the query of its own text's language, through one partial GIN index per
/// (language, text language).
/// </summary>
/// <remarks>
/// Bounded work, as search engines do (Meilisearch's <c>maxTotalHits</c>, Elasticsearch's
/// <c>track_total_hits</c>): at most <see cref="ExactLimit"/> + 1 matches are read. Up to
/// <see cref="ExactLimit"/> matches, the total, the facets and the order are exact. Beyond it
/// (<see cref="SearchResults.TotalIsEstimate"/>): the total is the lower bound <see cref="ExactLimit"/>
/// ("1,000+"), the facets count the first <see cref="ExactLimit"/> matches, and the hits are the best
/// ranked of a bounded candidate set (those first matches plus up to <see cref="ExactLimit"/> documents
/// whose title matches the whole query), so pages past <see cref="ExactLimit"/> results are empty.
/// Ranking is <c>ts_rank_cd</c> over the small in-row title (A) and summary (B) vector, then the
/// most recent first.
/// </remarks>
public static partial class SearchQueries
{
    /// <summary>How many matches are counted exactly (and how many candidates a broad query ranks).</summary>
    public const int ExactLimit = 1000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<SearchResults> SearchAsync(SearchDbContext db, SearchRequest r, CancellationToken cancellationToken)
    {
        var (fr, en) = (Elisions.Strip(r.Query), r.Query);
        var offset = (r.Page - 1) * r.PageSize;
        var theme = r.Theme;
        var country = r.Country?.ToUpperInvariant();
        var limit = ExactLimit;

        // One statement, one round trip: m = the first limit + 1 matches (whole-document vector, via the
        // partial GIN indexes); t = for broad queries only (one-time filter), up to limit title matches,
        // cheap to check because title_vector is in the row; the page is the best ranked of m ∪ t; facets
        // count m. Filters are conditions of the same GIN index as the match (see SearchDocumentConfiguration).
        var json = await db.Database.SqlQuery<string>($"""
            WITH q AS (SELECT websearch_to_tsquery('rabat_fr', {fr}) AS fr, websearch_to_tsquery('rabat_en', {en}) AS en),
            m AS MATERIALIZED (
                SELECT d.item_type, d.item_id, d.slug, d.title, d.date, d.year, d.text_language, d.fallback, d.themes, d.countries,
                       ts_rank_cd(d.rank_vector, CASE WHEN d.text_language = 'en' THEN q.en ELSE q.fr END) AS rank
                FROM search_documents d, q
                WHERE d.language = {r.Language}
                  AND ((d.text_language = 'fr' AND d.search_vector @@ q.fr) OR (d.text_language = 'en' AND d.search_vector @@ q.en))
                  AND ({r.Type}::text IS NULL OR d.item_type = {r.Type}::text)
                  AND ({r.Year}::int IS NULL OR d.year = {r.Year}::int)
                  AND ({theme}::text IS NULL OR d.themes @> ARRAY[{theme}::text])
                  AND ({country}::text IS NULL OR d.countries @> ARRAY[{country}::text])
                LIMIT {limit + 1}),
            t AS MATERIALIZED (
                SELECT d.item_type, d.item_id, d.slug, d.title, d.date, d.year, d.text_language, d.fallback, d.themes, d.countries,
                       ts_rank_cd(d.rank_vector, CASE WHEN d.text_language = 'en' THEN q.en ELSE q.fr END) AS rank
                FROM search_documents d, q
                WHERE (SELECT count(*) FROM m) > {limit}
                  AND d.language = {r.Language}
                  AND ((d.text_language = 'fr' AND d.title_vector @@ q.fr) OR (d.text_language = 'en' AND d.title_vector @@ q.en))
                  AND ({r.Type}::text IS NULL OR d.item_type = {r.Type}::text)
                  AND ({r.Year}::int IS NULL OR d.year = {r.Year}::int)
                  AND ({theme}::text IS NULL OR d.themes @> ARRAY[{theme}::text])
                  AND ({country}::text IS NULL OR d.countries @> ARRAY[{country}::text])
                  -- A title match is a document match unless the query excludes a word ("-x"): then check it.
                  AND (strpos(q.fr::text || q.en::text, '!') = 0
                       OR (d.text_language = 'fr' AND d.search_vector @@ q.fr) OR (d.text_language = 'en' AND d.search_vector @@ q.en))
                LIMIT {limit}),
            f AS (SELECT * FROM m LIMIT {limit}),
            p AS (
                SELECT c.* FROM (SELECT * FROM m UNION SELECT * FROM t) c
                ORDER BY c.rank DESC, c.date DESC, c.item_id
                LIMIT {r.PageSize} OFFSET {offset})
            SELECT json_build_object(
                'total', (SELECT count(*) FROM m),
                'facets', (SELECT coalesce(json_agg(json_build_array(x.facet, x.value, x.count)), '[]') FROM (
                    SELECT 'type' AS facet, item_type::text AS value, count(*) AS count FROM f GROUP BY item_type
                    UNION ALL SELECT 'year', year::text, count(*) FROM f GROUP BY year
                    UNION ALL SELECT 'theme', v, count(*) FROM (SELECT unnest(themes) AS v FROM f) u GROUP BY v
                    UNION ALL SELECT 'country', v, count(*) FROM (SELECT unnest(countries) AS v FROM f) u GROUP BY v) x),
                'hits', (SELECT coalesce(json_agg(h ORDER BY h.rank DESC, h.date DESC, h.item_id), '[]') FROM (
                    SELECT p.item_type, p.item_id, p.slug, p.title, p.date, p.text_language, p.fallback, p.rank,
                           ts_headline(CASE WHEN p.text_language = 'en' THEN 'rabat_en'::regconfig ELSE 'rabat_fr'::regconfig END,
                                       coalesce(nullif(s.summary, ''), p.title),
                                       CASE WHEN p.text_language = 'en' THEN q.en ELSE q.fr END,
                                       'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=30, MinWords=10') AS snippet
                    FROM p
                    JOIN search_documents s ON s.item_type = p.item_type AND s.item_id = p.item_id AND s.language = {r.Language}
                    CROSS JOIN q) h)
            )::text AS "Value"
            """).SingleAsync(cancellationToken);
        var result = JsonSerializer.Deserialize<QueryResult>(json, Json)!;

        var facets = new[] { "type", "year", "theme", "country" }.ToDictionary(
            facet => facet,
            facet => (IReadOnlyDictionary<string, int>)result.Facets
                .Where(x => x[0].GetString() == facet)
                .Select(x => (Value: x[1].GetString()!, Count: x[2].GetInt32()))
                .OrderByDescending(x => x.Count).ThenBy(x => x.Value, StringComparer.Ordinal)
                .ToDictionary(x => x.Value, x => x.Count));
        var estimate = result.Total > limit;
        var total = estimate ? limit : result.Total;

        var items = result.Hits.Select(x => new SearchHit(
            x.ItemType, x.ItemId, x.Slug, x.Title, x.Snippet, x.Date, x.TextLanguage, x.Fallback,
            $"/api/{ServiceOf(x.ItemType)}/{x.Slug}?lang={x.TextLanguage}")).ToList();
        var didYouMean = total == 0 ? await DidYouMeanAsync(db, r.Query, r.Language, cancellationToken) : null;
        return new SearchResults(r.Query, r.Language, items, facets, r.Page, r.PageSize, total, didYouMean, estimate);
    }

    /// <summary>
    /// Title completions for search-as-you-type: every word must match the title, the last one as a prefix;
    /// own-language titles first, then the most recent.
    /// </summary>
    public static async Task<IReadOnlyList<Suggestion>> SuggestAsync(SearchDbContext db, string query, string language, int limit, CancellationToken cancellationToken)
    {
        var words = Words().Matches(Elisions.Strip(query)).Select(m => m.Value).Take(10).ToList();
        if (words.Count == 0)
        {
            return [];
        }

        // Only letters and digits reach to_tsquery, so its syntax cannot be broken. title_vector holds the
        // title alone, so no weight is needed (a weight would make the index recheck every candidate).
        var tsquery = string.Join(" & ", words.Select((w, i) => i == words.Count - 1 ? $"{w}:*" : w));
        var rows = await db.Database.SqlQuery<SuggestionRow>($"""
            WITH q AS (SELECT to_tsquery('rabat_fr', {tsquery}) AS fr, to_tsquery('rabat_en', {tsquery}) AS en)
            SELECT d.title, d.item_type, d.item_id, d.slug
            FROM search_documents d, q
            WHERE d.language = {language}
              AND ((d.text_language = 'fr' AND d.title_vector @@ q.fr) OR (d.text_language = 'en' AND d.title_vector @@ q.en))
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

    private sealed record SuggestionRow(string title, string item_type, Guid item_id, string slug);

    private sealed record CorrectionRow(string word, string term);
#pragma warning restore IDE1006, SA1300

    private sealed record QueryResult(int Total, List<JsonElement[]> Facets, List<HitRow> Hits);

    private sealed record HitRow(
        string ItemType, Guid ItemId, string Slug, string Title, DateTimeOffset Date, string TextLanguage, bool Fallback, string? Snippet);
}
