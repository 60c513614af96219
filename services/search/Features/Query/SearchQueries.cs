using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using RabatPlatform.Contracts;
using RabatPlatform.Search.Data;

namespace RabatPlatform.Search.Features.Query;

/// <param name="Language">The language the results answer for (<c>lang</c>).</param>
/// <param name="TextLanguage">Only documents whose text is in this language (the <c>language</c> facet): own-language or fallbacks.</param>
public sealed record SearchRequest(
    string Query, string Language, string? Type, int? Year, string? Theme, string? Country, int Page, int PageSize, string? TextLanguage = null);

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
/// ranked of a bounded candidate set (those first matches plus up to <see cref="RecentCandidates"/> of the
/// newest documents whose title or summary match), so pages past the candidates are empty.
/// Ranking is <c>ts_rank</c> over the small in-row title (A) and summary (B) vector, then the
/// most recent first. Every statement is prepared (<see cref="PreparedScalarAsync"/>).
/// </remarks>
public static partial class SearchQueries
{
    /// <summary>How many matches are counted exactly (and how many candidates a broad query ranks).</summary>
    public const int ExactLimit = 1000;

    /// <summary>Broad queries also rank this many of the newest title or summary matches.</summary>
    public const int RecentCandidates = 100;

    /// <summary>Among how many of the newest documents of the language those recent candidates are looked for (filters apply after).</summary>
    public const int RecentWindow = 1000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<SearchResults> SearchAsync(SearchDbContext db, SearchRequest r, CancellationToken cancellationToken)
    {
        var country = r.Country?.ToUpperInvariant();
        var parameters = new List<NpgsqlParameter>
        {
            new("fr", NpgsqlDbType.Text) { Value = Elisions.Strip(r.Query) },
            new("en", NpgsqlDbType.Text) { Value = r.Query },
            new("page_size", NpgsqlDbType.Integer) { Value = r.PageSize },
            new("offset", NpgsqlDbType.Integer) { Value = (r.Page - 1) * r.PageSize },
        };
        var filters = new StringBuilder();
        AddFilter(r.Type, "type", NpgsqlDbType.Text, "d.item_type = @type");
        AddFilter(r.Year, "year", NpgsqlDbType.Integer, "d.year = @year");
        AddFilter(r.Theme, "theme", NpgsqlDbType.Text, "d.themes @> ARRAY[@theme]");
        AddFilter(country, "country", NpgsqlDbType.Text, "d.countries @> ARRAY[@country]");
        if (r.TextLanguage is { } textLanguage)
        {
            // A literal (validated), so that a generic plan knows which partial index the filter leaves.
            filters.Append(" AND d.text_language = '").Append(SqlLiteral(textLanguage)).Append('\'');
        }

        var json = await PreparedScalarAsync(db, SearchSql(r.Language, filters.ToString()), parameters, cancellationToken);
        var result = JsonSerializer.Deserialize<QueryResult>(json, Json)!;

        var facets = new[] { "type", "year", "theme", "country", "language" }.ToDictionary(
            facet => facet,
            facet => (IReadOnlyDictionary<string, int>)result.Facets
                .Where(x => x[0].GetString() == facet)
                .Select(x => (Value: x[1].GetString()!, Count: x[2].GetInt32()))
                .OrderByDescending(x => x.Count).ThenBy(x => x.Value, StringComparer.Ordinal)
                .ToDictionary(x => x.Value, x => x.Count));
        var estimate = result.Total > ExactLimit;
        var total = estimate ? ExactLimit : result.Total;

        var items = result.Hits.Select(x => new SearchHit(
            x.ItemType, x.ItemId, x.Slug, x.Title, x.Snippet, x.Date, x.TextLanguage, x.Fallback,
            $"/api/{ServiceOf(x.ItemType)}/{x.Slug}?lang={x.TextLanguage}")).ToList();
        var didYouMean = total == 0 ? await DidYouMeanAsync(db, r.Query, r.Language, cancellationToken) : null;
        return new SearchResults(r.Query, r.Language, items, facets, r.Page, r.PageSize, total, didYouMean, estimate);

        void AddFilter(object? value, string name, NpgsqlDbType type, string condition)
        {
            if (value is not null)
            {
                parameters.Add(new NpgsqlParameter(name, type) { Value = value });
                filters.Append(" AND ").Append(condition);
            }
        }
    }

    /// <summary>
    /// The statement of a search, one text per language and set of filters, so that it is prepared once per
    /// connection and planned once (a generic plan): the language is a literal, so that the partial indexes
    /// stay usable, and a filter that is not asked for is not in the text at all.
    /// </summary>
    /// <remarks>
    /// m = the first <see cref="ExactLimit"/> + 1 matches (whole-document vector, through the partial GIN
    /// indexes, filters included in the index condition): the total, the facets (over the first
    /// <see cref="ExactLimit"/>) and the ranking candidates. The parsed query comes into m as scalar
    /// subqueries (values computed once before the scan), so that every plan, generic ones included, uses it
    /// in the index condition instead of checking it row by row. r = for broad queries only (a one-time filter,
    /// never run otherwise): the <see cref="RecentCandidates"/> newest documents whose title or summary
    /// match (and the filters), looked for among the <see cref="RecentWindow"/> newest documents of the language
    /// (a bounded backward scan of the date index; <c>rank_vector</c> is in the row, so checking it is cheap),
    /// so that the first page of a broad query is not made only of whichever matches come first in the table.
    /// The page is the best ranked of m ∪ r; only its rows are read again, for their display columns and
    /// snippet. A phrase is looked up in the index as the conjunction of its words
    /// (<c>rabat_index_query</c>), which GIN answers without reading the whole-document vector from TOAST,
    /// and checked on those matches, first against the in-row title and summary vector.
    /// </remarks>
    private static string SearchSql(string language, string filters)
    {
        var lang = SqlLiteral(language);
        return $"""
            WITH p AS (SELECT websearch_to_tsquery('rabat_fr', @fr) AS fr, websearch_to_tsquery('rabat_en', @en) AS en),
            i AS (SELECT p.fr, p.en, rabat_index_query(p.fr) AS fr_index, rabat_index_query(p.en) AS en_index FROM p),
            q AS (SELECT i.*, i.fr_index = i.fr AS fr_exact, i.en_index = i.en AS en_exact FROM i),
            m AS MATERIALIZED (
                SELECT d.item_type, d.item_id, d.date, d.year, d.themes, d.countries, d.text_language,
                       ts_rank(d.rank_vector, CASE WHEN d.text_language = 'en' THEN (SELECT en FROM q) ELSE (SELECT fr FROM q) END) AS rank
                FROM search_documents d
                WHERE d.language = '{lang}'
                  AND ((d.text_language = 'fr' AND d.search_vector @@ (SELECT fr_index FROM q))
                    OR (d.text_language = 'en' AND d.search_vector @@ (SELECT en_index FROM q)))
                  -- A phrase: the index found documents with all its words; check the phrase, in the row's title and summary first.
                  AND CASE WHEN d.text_language = 'en' THEN (SELECT en_exact FROM q) OR d.rank_vector @@ (SELECT en FROM q) OR d.search_vector @@ (SELECT en FROM q)
                           ELSE (SELECT fr_exact FROM q) OR d.rank_vector @@ (SELECT fr FROM q) OR d.search_vector @@ (SELECT fr FROM q) END{filters}
                LIMIT {ExactLimit + 1}),
            r AS MATERIALIZED (
                SELECT d.item_type, d.item_id, d.date,
                       ts_rank(d.rank_vector, CASE WHEN d.text_language = 'en' THEN q.en ELSE q.fr END) AS rank
                FROM (SELECT d.item_type, d.item_id, d.date, d.year, d.themes, d.countries, d.text_language, d.rank_vector
                      FROM search_documents d
                      WHERE (SELECT count(*) FROM m) > {ExactLimit} AND d.language = '{lang}'
                      ORDER BY d.date DESC
                      LIMIT {RecentWindow}) d, q
                WHERE ((d.text_language = 'fr' AND d.rank_vector @@ q.fr) OR (d.text_language = 'en' AND d.rank_vector @@ q.en)){filters}
                  -- A title or summary match is a document match unless the query excludes a word ("-x"): then check it.
                  AND (strpos(q.fr::text || q.en::text, '!') = 0 OR EXISTS (
                      SELECT 1 FROM search_documents x
                      WHERE x.item_type = d.item_type AND x.item_id = d.item_id AND x.language = '{lang}'
                        AND ((x.text_language = 'fr' AND x.search_vector @@ q.fr) OR (x.text_language = 'en' AND x.search_vector @@ q.en))))
                LIMIT {RecentCandidates}),
            f AS (SELECT * FROM m LIMIT {ExactLimit}),
            pg AS (
                SELECT c.item_type, c.item_id, c.date, c.rank
                FROM (SELECT item_type, item_id, date, rank FROM m UNION SELECT item_type, item_id, date, rank FROM r) c
                ORDER BY c.rank DESC, c.date DESC, c.item_id
                LIMIT @page_size OFFSET @offset)
            SELECT json_build_object(
                'total', (SELECT count(*) FROM m),
                'facets', (SELECT coalesce(json_agg(json_build_array(x.facet, x.value, x.count)), '[]') FROM (
                    SELECT 'type' AS facet, item_type::text AS value, count(*) AS count FROM f GROUP BY item_type
                    UNION ALL SELECT 'year', year::text, count(*) FROM f GROUP BY year
                    UNION ALL SELECT 'theme', v, count(*) FROM (SELECT unnest(themes) AS v FROM f) u GROUP BY v
                    UNION ALL SELECT 'country', v, count(*) FROM (SELECT unnest(countries) AS v FROM f) u GROUP BY v
                    UNION ALL SELECT 'language', text_language::text, count(*) FROM f GROUP BY text_language) x),
                'hits', (SELECT coalesce(json_agg(h ORDER BY h.rank DESC, h.date DESC, h.item_id), '[]') FROM (
                    SELECT pg.item_type, pg.item_id, s.slug, s.title, pg.date, s.text_language, s.fallback, pg.rank,
                           ts_headline(CASE WHEN s.text_language = 'en' THEN 'rabat_en'::regconfig ELSE 'rabat_fr'::regconfig END,
                                       coalesce(nullif(s.summary, ''), s.title),
                                       CASE WHEN s.text_language = 'en' THEN q.en ELSE q.fr END,
                                       'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=30, MinWords=10') AS snippet
                    FROM pg
                    JOIN search_documents s ON s.item_type = pg.item_type AND s.item_id = pg.item_id AND s.language = '{lang}'
                    CROSS JOIN q) h)
            )::text
            """;
    }

    /// <summary>
    /// Title completions for search-as-you-type: every word must match the title, the last one as a prefix;
    /// own-language titles first, then the most recent.
    /// </summary>
    /// <remarks>
    /// Exact, in two steps: a = the first matches in the order of the suggestions among the
    /// <see cref="RecentWindow"/> first documents in that order (a scan of the index
    /// <c>(language, fallback, date DESC)</c>, checking the in-row <c>title_vector</c>); when that finds fewer
    /// than <c>limit</c>, b = every title match through the GIN indexes, sorted. Common prefixes are answered
    /// by a, rare ones by b.
    /// </remarks>
    public static async Task<IReadOnlyList<Suggestion>> SuggestAsync(SearchDbContext db, string query, string language, int limit, CancellationToken cancellationToken)
    {
        // The typed words as PostgreSQL's parser reads them: each whitespace-separated chunk is a quoted
        // to_tsquery operand, which the parser splits as it split the title ("covid-1" → 'covid' <-> '-1',
        // "2023-20" → '2023' <-> '-20', "3e5" a number), the last one a prefix. Inside quotes only the
        // quote and the backslash are special, so the syntax cannot be broken. title_vector holds the title
        // alone, so no weight is needed (a weight would make the index recheck every candidate).
        var chunks = Elisions.Strip(query).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(10).ToList();
        if (!chunks.Any(c => c.Any(char.IsLetterOrDigit)))
        {
            return [];
        }

        var tsquery = string.Join(" & ", chunks.Select((c, i) =>
            "'" + c.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'" + (i == chunks.Count - 1 ? ":*" : "")));
        var lang = SqlLiteral(language);
        var json = await PreparedScalarAsync(
            db,
            $"""
            WITH q AS (SELECT to_tsquery('rabat_fr', @q) AS fr, to_tsquery('rabat_en', @q) AS en),
            a AS MATERIALIZED (
                SELECT d.title, d.item_type, d.item_id, d.slug, d.fallback, d.date
                FROM (SELECT d.title, d.item_type, d.item_id, d.slug, d.fallback, d.date, d.text_language, d.title_vector
                      FROM search_documents d
                      WHERE d.language = '{lang}'
                      ORDER BY d.fallback, d.date DESC
                      LIMIT {RecentWindow}) d, q
                WHERE (d.text_language = 'fr' AND d.title_vector @@ q.fr) OR (d.text_language = 'en' AND d.title_vector @@ q.en)
                LIMIT @limit),
            b AS (
                SELECT d.title, d.item_type, d.item_id, d.slug, d.fallback, d.date
                FROM search_documents d, q
                WHERE (SELECT count(*) FROM a) < @limit AND d.language = '{lang}'
                  AND ((d.text_language = 'fr' AND d.title_vector @@ q.fr) OR (d.text_language = 'en' AND d.title_vector @@ q.en))
                ORDER BY d.fallback, d.date DESC
                LIMIT @limit)
            SELECT coalesce(json_agg(s ORDER BY s.fallback, s.date DESC, s.item_id), '[]')::text FROM (
                SELECT * FROM (SELECT * FROM a UNION SELECT * FROM b) u
                ORDER BY u.fallback, u.date DESC, u.item_id
                LIMIT @limit) s
            """,
            [new("q", NpgsqlDbType.Text) { Value = tsquery }, new("limit", NpgsqlDbType.Integer) { Value = limit }],
            cancellationToken);
        return JsonSerializer.Deserialize<List<SuggestionRow>>(json, Json)!
            .Select(x => new Suggestion(x.Title, x.ItemType, x.ItemId, x.Slug)).ToList();
    }

    /// <summary>A language as it goes into a statement's text: only <c>fr</c> or <c>en</c>, never anything else.</summary>
    private static string SqlLiteral(string language) =>
        Languages.IsSupported(language) ? language : throw new ArgumentOutOfRangeException(nameof(language), language, "fr or en");

    /// <summary>
    /// Runs a statement that answers one text value, prepared: Npgsql keeps a prepared statement per physical
    /// connection and SQL text, so the statement is parsed and planned once per pooled connection, not per call.
    /// </summary>
    private static async Task<string> PreparedScalarAsync(
        SearchDbContext db, string sql, IEnumerable<NpgsqlParameter> parameters, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters.ToArray());
            await command.PrepareAsync(cancellationToken);
            return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
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
        "news" => "content/news/by-slug",
        "page" => "content/pages/by-slug",
        "meeting" => "meetings/by-slug",
        "publication" => "publications/by-slug",
        "project" => "content/projects",
        _ => itemType,
    };

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();

#pragma warning disable IDE1006, SA1300 // column names as PostgreSQL returns them

    private sealed record CorrectionRow(string word, string term);
#pragma warning restore IDE1006, SA1300

    private sealed record SuggestionRow(string Title, string ItemType, Guid ItemId, string Slug);

    private sealed record QueryResult(int Total, List<JsonElement[]> Facets, List<HitRow> Hits);

    private sealed record HitRow(
        string ItemType, Guid ItemId, string Slug, string Title, DateTimeOffset Date, string TextLanguage, bool Fallback, string? Snippet);
}
