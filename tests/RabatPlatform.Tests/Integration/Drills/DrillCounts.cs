using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Xunit.Abstractions;

namespace RabatPlatform.Tests.Integration.Drills;

/// <summary>
/// What a drill counts, read from the databases themselves: <b>written</b> — <c>news.published</c> rows in the
/// content service's outbox (committed with their news item); <b>applied</b> — the search consumer's inbox rows for
/// those events (committed with the index change); <b>applied twice</b> — the search consumer's own
/// <c>search.index_updated</c> outbox rows beyond one per applied event (every application of an event writes
/// exactly one, in the same transaction, so an event applied twice leaves two); <b>lost</b> — written events with
/// no inbox row once the drill has caught up (or given up waiting).
/// </summary>
public sealed record DrillCounts(int Written, int Applied, int AppliedTwice, int Lost, int Pending, int Documents)
{
    public bool CaughtUp => Written > 0 && Lost == 0 && Pending == 0;

    public static Task<DrillCounts> ReadAsync(DrillPlatform platform) => ReadAsync(platform.ContentDatabase, platform.SearchDatabaseDirect);

    /// <summary>The counts of a writer's (content) and a consumer's (search) databases, whichever platform runs them.</summary>
    public static Task<DrillCounts> ReadAsync(string contentDatabase, string searchDatabase) =>
        ReadAsync(contentDatabase, searchDatabase, "news.published", "search-news-published", "news");

    /// <summary>
    /// The same counts for another stream into search: <paramref name="eventType"/> events in the writer's outbox,
    /// applied by search's consumer <paramref name="consumer"/>, indexing items of <paramref name="itemType"/>
    /// (the replica drills count <c>publication.published</c> from publications this way too).
    /// </summary>
    public static async Task<DrillCounts> ReadAsync(string writerDatabase, string searchDatabase, string eventType, string consumer, string itemType)
    {
        var written = await IdsAsync(writerDatabase, $"SELECT id FROM outbox_messages WHERE type = '{eventType}'");
        var pending = (await IdsAsync(writerDatabase, $"SELECT id FROM outbox_messages WHERE type = '{eventType}' AND status = 0")).Count;
        var applied = await IdsAsync(searchDatabase, $"SELECT message_id FROM inbox_messages WHERE consumer = '{consumer}'");
        // This stream's items' search.index_updated rows only: a drill may index other items (a meeting) meanwhile.
        var announced = await CountAsync(searchDatabase, $"SELECT count(*) FROM outbox_messages WHERE type = 'search.index_updated' AND payload ->> 'itemType' = '{itemType}'");
        var documents = await CountAsync(searchDatabase, $"SELECT count(*) FROM search_documents WHERE item_type = '{itemType}'");
        return new(written.Count, applied.Count, announced - applied.Count, written.Count(id => !applied.Contains(id)), pending, documents);
    }

    /// <summary>The search consumer's inbox rows (a cheap count, polled fast).</summary>
    public static Task<int> AppliedAsync(DrillPlatform platform) =>
        CountAsync(platform.SearchDatabaseDirect, "SELECT count(*) FROM inbox_messages WHERE consumer = 'search-news-published'");

    /// <summary>Events written but already applied whose outbox row is still pending: published, not yet marked sent.</summary>
    public static async Task<HashSet<Guid>> PublishedButNotMarkedSentAsync(DrillPlatform platform)
    {
        var pending = await IdsAsync(platform.ContentDatabase, "SELECT id FROM outbox_messages WHERE type = 'news.published' AND status = 0");
        var applied = await IdsAsync(platform.SearchDatabaseDirect, "SELECT message_id FROM inbox_messages WHERE consumer = 'search-news-published'");
        pending.IntersectWith(applied);
        return pending;
    }

    /// <summary>
    /// Waits (polling, up to the scale's limit) until every written event is applied and the writer's outbox is
    /// drained; returns the counts then and the time it took from <paramref name="since"/>.
    /// </summary>
    public static async Task<(DrillCounts Counts, TimeSpan CatchUp)> CatchUpAsync(DrillPlatform platform, Stopwatch since)
    {
        var deadline = since.Elapsed + platform.Scale.CatchUpLimit;
        while (true)
        {
            var counts = await ReadAsync(platform);
            if (counts.CaughtUp || since.Elapsed > deadline)
            {
                return (counts, since.Elapsed);
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Prints the drill's line and, for <c>eng/drills.sh</c>, appends it to <c>RABAT_DRILL_REPORT</c>.</summary>
    public void Report(ITestOutputHelper output, string drill, TimeSpan catchUp, string notes)
    {
        var seconds = catchUp.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        output.WriteLine($"{drill}: written {Written}, applied {Applied}, applied twice {AppliedTwice}, lost {Lost}, pending {Pending}, "
            + $"documents {Documents}, catch-up {seconds} s; {notes}");
        if (Environment.GetEnvironmentVariable("RABAT_DRILL_REPORT") is { Length: > 0 } file)
        {
            File.AppendAllText(file, string.Join('\t', drill, Written, Applied, AppliedTwice, Lost, seconds, notes) + "\n");
        }
    }

    private static async Task<HashSet<Guid>> IdsAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new HashSet<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private static async Task<int> CountAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
