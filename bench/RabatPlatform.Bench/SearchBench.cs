using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;
using RabatPlatform.Search.Data;
using RabatPlatform.Search.Features.Query;

namespace RabatPlatform.Bench;

/// <summary>
/// The search benchmark: a fresh database migrated like the service's, N synthetic items bulk-loaded
/// (binary COPY; PostgreSQL computes search_vector and year), then typical queries through
/// <see cref="SearchQueries"/>, each call with a fresh DbContext over a pooled connection, as a request.
/// </summary>
public static class SearchBench
{
    private const int PageSize = 20;
    private const double TargetP95Ms = 25;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(SearchBenchOptions options, CancellationToken cancellationToken)
    {
        var server = new NpgsqlConnectionStringBuilder(options.Postgres);
        var reuse = options.Database is not null;
        var database = options.Database ?? $"searchbench_{Guid.NewGuid():N}"[..24];
        var connectionString = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = database }.ConnectionString;
        var adminConnectionString = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = "postgres" }.ConnectionString;
        var dbOptions = (DbContextOptions<SearchDbContext>)new DbContextOptionsBuilder<SearchDbContext>()
            .UseServiceDatabase(connectionString).Options;

        Console.WriteLine($"search benchmark — {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"server: {await ScalarAsync<string>(adminConnectionString, "SELECT version()", cancellationToken)} at {server.Host}:{server.Port}");
        Console.WriteLine($"database: {database}; items: {options.Items:N0} (documents: {options.Items * 2:N0}); iterations: {options.Iterations} per query after {options.Warmup} warm-up calls");
        Console.WriteLine();

        var created = false;
        try
        {
            var total = Stopwatch.StartNew();
            var step = Stopwatch.StartNew();
            await using (var db = new SearchDbContext(dbOptions))
            {
                created = !reuse;
                await db.Database.MigrateAsync(cancellationToken);
            }

            Console.WriteLine($"migrate:            {Seconds(step)}");
            if (reuse)
            {
                await ExecuteAsync(connectionString, "ANALYZE", cancellationToken);
                await PrintSizesAsync(connectionString, cancellationToken);
                Console.WriteLine();
                var reused = Queries();
                PrintReport(reused, await MeasureAsync(dbOptions, reused, options, cancellationToken));
                return 0;
            }

            // Secondary indexes are dropped during the load and built again afterwards, as they were
            // created by the migrations (same names and definitions): a bulk build is faster than
            // 100,000 GIN insertions. The primary key stays.
            step.Restart();
            var indexes = await DropSecondaryIndexesAsync(connectionString, cancellationToken);
            var terms = await BulkLoadDocumentsAsync(connectionString, options.Items, options.Seed, cancellationToken);
            Console.WriteLine($"documents (COPY):   {Seconds(step)}");

            step.Restart();
            foreach (var definition in indexes)
            {
                await ExecuteAsync(connectionString, definition, cancellationToken);
            }

            Console.WriteLine($"indexes ({indexes.Count}):        {Seconds(step)}");

            step.Restart();
            await LoadTermsAsync(connectionString, terms, cancellationToken);
            Console.WriteLine($"search_terms:       {Seconds(step)}");

            step.Restart();
            await ExecuteAsync(connectionString, "VACUUM ANALYZE", cancellationToken);
            Console.WriteLine($"VACUUM ANALYZE:     {Seconds(step)}");
            Console.WriteLine($"load time (total):  {Seconds(total)}");

            await PrintSizesAsync(connectionString, cancellationToken);
            Console.WriteLine();

            var queries = Queries();
            var samples = await MeasureAsync(dbOptions, queries, options, cancellationToken);
            PrintReport(queries, samples);
            return 0;
        }
        finally
        {
            if (created && !options.Keep)
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(adminConnectionString, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", CancellationToken.None);
                Console.WriteLine($"dropped database {database}");
            }
            else if (created || reuse)
            {
                Console.WriteLine($"kept database {database}");
            }
        }
    }

    /// <summary>The typical queries: words, accents left out, phrases, elisions, filters, deep pages, no match, suggestions.</summary>
    private static List<BenchQuery> Queries() =>
    [
        Search("frontières", "fr"),
        Search("gestion des frontieres", "fr"),
        Search("border management", "en"),
        Search("diaspora", "fr"),
        Search("diaspora", "en"),
        Search("l'Afrique de l'Ouest", "fr"),
        Search("migrants retour", "fr", type: "meeting"),
        Search("trafficking", "en", year: 2019),
        Search("\"traite des êtres humains\"", "fr"),
        Search("réintégration durable migrants", "fr"),
        Search("youth mobility women", "en"),
        Search("migration", "fr", theme: "diaspora", country: "SN"),
        Search("migration", "en", page: 3),
        Search("xylophone", "fr"),
        Search("reintegratoin", "fr"),
        Suggest("fron", "fr"),
        Suggest("border ma", "en"),
    ];

    private static BenchQuery Search(string query, string language, string? type = null, int? year = null, string? theme = null, string? country = null, int page = 1)
    {
        var filters = string.Join(", ", new[]
        {
            type is null ? null : $"type={type}",
            year is null ? null : $"year={year}",
            theme is null ? null : $"theme={theme}",
            country is null ? null : $"country={country}",
            page == 1 ? null : $"page={page}",
        }.Where(f => f is not null));
        var request = new SearchRequest(query, language, type, year, theme, country, page, PageSize);
        return new BenchQuery(
            $"search `{query}` {language}{(filters.Length > 0 ? $" ({filters})" : "")}",
            IsSuggest: false,
            async (db, ct) =>
            {
                var results = await SearchQueries.SearchAsync(db, request, ct);
                var note = string.Join("; ", new[]
                {
                    results.TotalIsEstimate ? "total is a lower bound, facets over the first matches" : null,
                    results.DidYouMean is null ? null : $"did you mean: {results.DidYouMean}",
                }.Where(n => n is not null));
                return (results.Total, note.Length == 0 ? null : note);
            });
    }

    private static BenchQuery Suggest(string prefix, string language) =>
        new($"suggest `{prefix}` {language}", IsSuggest: true, async (db, ct) =>
        {
            var suggestions = await SearchQueries.SuggestAsync(db, prefix, language, 8, ct);
            return (suggestions.Count, suggestions.Count > 0 ? $"first: {suggestions[0].Title}" : null);
        });

    /// <summary>
    /// Warm-up, then the measured calls, round-robin over the queries so that a burst of load from
    /// elsewhere on the machine spreads over all of them instead of spoiling one. With several clients,
    /// each runs the same rounds at once, starting at a different query; the calls per second of the
    /// measured rounds are printed.
    /// </summary>
    private static async Task<List<double>[]> MeasureAsync(
        DbContextOptions<SearchDbContext> dbOptions, List<BenchQuery> queries, SearchBenchOptions options, CancellationToken cancellationToken)
    {
        var samples = queries.Select(_ => new List<double>(options.Iterations * options.Clients)).ToArray();
        var rounds = options.Warmup + options.Iterations;
        var clock = Stopwatch.StartNew();
        var measuring = new Barrier(options.Clients);
        var measuredFrom = 0L;
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(client => Task.Run(
            async () =>
            {
                for (var i = 0; i < rounds; i++)
                {
                    if (i == options.Warmup)
                    {
                        measuring.SignalAndWait(cancellationToken);
                        Interlocked.CompareExchange(ref measuredFrom, Stopwatch.GetTimestamp(), 0);
                    }

                    if (client == 0 && i % Math.Max(1, rounds / 10) == 0 && i > 0)
                    {
                        Console.Error.WriteLine($"  … {i}/{rounds} rounds of {queries.Count} queries ({Seconds(clock)})");
                    }

                    for (var k = 0; k < queries.Count; k++)
                    {
                        var q = (k + client) % queries.Count;
                        var started = Stopwatch.GetTimestamp();
                        await using (var db = new SearchDbContext(dbOptions))
                        {
                            var (count, note) = await queries[q].Run(db, cancellationToken);
                            queries[q].Count = count;
                            queries[q].Note = note;
                        }

                        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        if (i >= options.Warmup)
                        {
                            lock (samples[q])
                            {
                                samples[q].Add(elapsed);
                            }
                        }
                    }
                }
            },
            cancellationToken)));

        var measured = Stopwatch.GetElapsedTime(measuredFrom).TotalSeconds;
        var calls = samples.Sum(s => s.Count);
        Console.WriteLine($"clients: {options.Clients}; {calls:N0} measured calls in {measured.ToString("F1", Inv)} s = {(calls / measured).ToString("F0", Inv)} calls/s");
        return samples;
    }

    private static void PrintReport(List<BenchQuery> queries, List<double>[] samples)
    {
        Console.WriteLine($"latency per call in ms ({samples[0].Count} calls per query; fresh DbContext per call, pooled connection, page size {PageSize})");
        Console.WriteLine();
        Console.WriteLine("| query | results | p50 | p95 | p99 | max | note |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        for (var q = 0; q < queries.Count; q++)
        {
            var s = Stats.Of(samples[q]);
            Console.WriteLine($"| {queries[q].Name} | {queries[q].Count.ToString("N0", Inv)} | {Ms(s.P50)} | {Ms(s.P95)} | {Ms(s.P99)} | {Ms(s.Max)} | {queries[q].Note?.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        var all = Stats.Of(samples.SelectMany(x => x));
        var search = Stats.Of(samples.Where((_, q) => !queries[q].IsSuggest).SelectMany(x => x));
        var suggest = Stats.Of(samples.Where((_, q) => queries[q].IsSuggest).SelectMany(x => x));
        Console.WriteLine($"| **all calls** ({all.Count:N0}) | | **{Ms(all.P50)}** | **{Ms(all.P95)}** | **{Ms(all.P99)}** | {Ms(all.Max)} | |");
        Console.WriteLine($"| search calls ({search.Count:N0}) | | {Ms(search.P50)} | {Ms(search.P95)} | {Ms(search.P99)} | {Ms(search.Max)} | |");
        Console.WriteLine($"| suggest calls ({suggest.Count:N0}) | | {Ms(suggest.P50)} | {Ms(suggest.P95)} | {Ms(suggest.P99)} | {Ms(suggest.Max)} | |");
        Console.WriteLine();
        Console.WriteLine(all.P95 < TargetP95Ms
            ? $"target met: overall p95 {Ms(all.P95)} ms < {TargetP95Ms} ms"
            : $"target NOT met: overall p95 {Ms(all.P95)} ms >= {TargetP95Ms} ms");
        var slow = queries.Select((query, q) => (query, Stats.Of(samples[q]))).Where(x => x.Item2.P95 >= TargetP95Ms).ToList();
        foreach (var (query, s) in slow)
        {
            Console.WriteLine($"  over target: {query.Name} (p95 {Ms(s.P95)} ms)");
        }
    }

    /// <summary>
    /// Binary COPY into search_documents, one stream per core, each generating its share of the items
    /// as it writes them. Returns the title words per language, for search_terms.
    /// </summary>
    private static async Task<HashSet<(string Language, string Word)>> BulkLoadDocumentsAsync(
        string connectionString, int items, int seed, CancellationToken cancellationToken)
    {
        var streams = Math.Clamp(Environment.ProcessorCount, 1, 4);
        var now = DateTimeOffset.UtcNow;
        var tasks = Enumerable.Range(0, streams).Select(stream => Task.Run(
            async () =>
            {
                var words = new HashSet<(string, string)>();
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var writer = await connection.BeginBinaryImportAsync(
                    """
                    COPY search_documents (item_type, item_id, language, text_language, fallback, slug, title, summary, body,
                                           themes, countries, date, source_time, refreshed_at)
                    FROM STDIN (FORMAT BINARY)
                    """,
                    cancellationToken);
                for (var index = stream; index < items; index += streams)
                {
                    var item = Corpus.Item(seed, index);
                    foreach (var language in (string[])["fr", "en"])
                    {
                        var textLanguage = item.Texts.ContainsKey(language) ? language : (language == "fr" ? "en" : "fr");
                        var text = item.Texts[textLanguage];
                        await writer.StartRowAsync(cancellationToken);
                        await writer.WriteAsync(item.ItemType, NpgsqlDbType.Varchar, cancellationToken);
                        await writer.WriteAsync(item.ItemId, NpgsqlDbType.Uuid, cancellationToken);
                        await writer.WriteAsync(language, NpgsqlDbType.Varchar, cancellationToken);
                        await writer.WriteAsync(textLanguage, NpgsqlDbType.Varchar, cancellationToken);
                        await writer.WriteAsync(textLanguage != language, NpgsqlDbType.Boolean, cancellationToken);
                        await writer.WriteAsync(text.Slug, NpgsqlDbType.Text, cancellationToken);
                        await writer.WriteAsync(text.Title, NpgsqlDbType.Text, cancellationToken);
                        await writer.WriteAsync(text.Summary, NpgsqlDbType.Text, cancellationToken);
                        await writer.WriteAsync(text.Body, NpgsqlDbType.Text, cancellationToken);
                        await writer.WriteAsync(item.Themes, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                        await writer.WriteAsync(item.Countries, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                        await writer.WriteAsync(item.Date, NpgsqlDbType.TimestampTz, cancellationToken);
                        await writer.WriteAsync(item.Date, NpgsqlDbType.TimestampTz, cancellationToken);
                        await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                    }

                    // As SearchIndexer.AddTermsAsync: the title words of each translation, 3 to 100 letters.
                    foreach (var (language, text) in item.Texts)
                    {
                        foreach (var word in TitleWords.Of(text.Title))
                        {
                            words.Add((language, word));
                        }
                    }
                }

                await writer.CompleteAsync(cancellationToken);
                return words;
            },
            cancellationToken)).ToList();

        var all = new HashSet<(string, string)>();
        foreach (var words in await Task.WhenAll(tasks))
        {
            all.UnionWith(words);
        }

        return all;
    }

    /// <summary>Drops the indexes of search_documents other than its primary key; returns their definitions.</summary>
    private static async Task<List<string>> DropSecondaryIndexesAsync(string connectionString, CancellationToken cancellationToken)
    {
        var indexes = new List<(string Name, string Definition)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = 'search_documents'::regclass
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY 1
            """,
            connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await using var drop = new NpgsqlCommand($"DROP INDEX {name}", connection);
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        return indexes.Select(i => i.Definition).ToList();
    }

    /// <summary>The "did you mean" lexicon, as the indexer writes it: lower(unaccent(word)), duplicates ignored.</summary>
    private static async Task LoadTermsAsync(string connectionString, HashSet<(string Language, string Word)> terms, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO search_terms (language, term)
            SELECT DISTINCT l, lower(unaccent(w)) FROM unnest(@languages, @words) AS t(l, w)
            ON CONFLICT DO NOTHING
            """,
            connection);
        command.Parameters.AddWithValue("languages", terms.Select(t => t.Language).ToArray());
        command.Parameters.AddWithValue("words", terms.Select(t => t.Word).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task PrintSizesAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM search_documents),
                   (SELECT count(*) FROM search_documents WHERE fallback),
                   (SELECT count(*) FROM search_terms),
                   pg_size_pretty(pg_table_size('search_documents')),
                   pg_size_pretty(pg_indexes_size('search_documents')),
                   pg_size_pretty((SELECT sum(pg_relation_size(i.indexrelid)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                                   WHERE i.indrelid = 'search_documents'::regclass AND c.relname LIKE 'ix_search_documents_search_vector%')),
                   pg_size_pretty(pg_relation_size('search_documents')),
                   pg_size_pretty(pg_database_size(current_database())),
                   current_setting('shared_buffers'), current_setting('work_mem')
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        Console.WriteLine(
            $"index: {reader.GetInt64(0):N0} documents ({reader.GetInt64(1):N0} fallbacks), {reader.GetInt64(2):N0} terms; "
            + $"table {reader.GetString(3)} (with TOAST; heap {reader.GetString(6)}), indexes {reader.GetString(4)} (search_vector GINs {reader.GetString(5)}), "
            + $"database {reader.GetString(7)}; shared_buffers {reader.GetString(8)}, work_mem {reader.GetString(9)}");
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string Seconds(Stopwatch stopwatch) => $"{stopwatch.Elapsed.TotalSeconds.ToString("F1", Inv)} s";

    private static string Ms(double ms) => ms.ToString(ms < 100 ? "F1" : "F0", Inv);

    private sealed record BenchQuery(string Name, bool IsSuggest, Func<SearchDbContext, CancellationToken, Task<(int Count, string? Note)>> Run)
    {
        public int Count { get; set; }

        public string? Note { get; set; }
    }
}

/// <summary>Latency percentiles (nearest rank).</summary>
public readonly record struct Stats(int Count, double P50, double P95, double P99, double Max)
{
    public static Stats Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return default;
        }

        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Stats(sorted.Length, At(50), At(95), At(99), sorted[^1]);
    }
}

/// <summary>The words of a title that go into search_terms, as <c>SearchIndexer</c> picks them.</summary>
public static partial class TitleWords
{
    public static IEnumerable<string> Of(string title) =>
        Words().Matches(Elisions.Strip(title)).Select(m => m.Value).Where(w => w.Length is >= 3 and <= 100).Distinct();

    [System.Text.RegularExpressions.GeneratedRegex(@"\p{L}+")]
    private static partial System.Text.RegularExpressions.Regex Words();
}
