using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Microsoft.Extensions.Hosting;

namespace RabatPlatform.WriteBench;

/// <summary>
/// A burst of parallel registrations at one meeting of the meetings service (a real process, its default write gate):
/// every request released at once, each partner's focal point registering its own delegates. Measures the throughput
/// (requests over the time from the release to the last answer), per-request latency, and checks the outcome in the
/// database: exactly capacity seated, every registration stored (0 lost), no 5xx.
/// </summary>
internal static class RegistrationsBench
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var baseAddress = new Uri(args.Required("service"));
        var requests = args.Int("requests", 1000);
        var capacity = args.Int("capacity", 50);
        var partnerCount = args.Int("partners", 20);
        var warmUp = args.Int("warm-up", 200);
        var figures = new Figures(args.String("command", "bench/registrations.sh"));
        var database = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("RABAT_BENCH_POSTGRES")) { Database = "meetingsdb" }
            .ConnectionString;
        var partners = Enumerable.Range(0, partnerCount).Select(i => $"P{i:D2}").ToArray();
        await InsertPartnersAsync(database, partners);

        var auth = new PlatformAuthenticationOptions();
        var issuer = new DevTokenIssuer(auth, auth.GetDevSigningKey(isDevelopment: true)!, TimeProvider.System);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        HttpClient Client(string role, string? partner)
        {
            var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Issue(role, partner).Token);
            return client;
        }

        var secretariat = Client("secretariat", null);
        var clients = partners.ToDictionary(p => p, p => Client("partner", p));

        // Warm-up on a meeting of its own: JIT, connection pools, the bus.
        var warm = await CreateMeetingAsync(secretariat, capacity, "warm-up");
        await Parallel.ForEachAsync(Enumerable.Range(0, warmUp), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var response = await clients[partners[i % partners.Length]].PostAsJsonAsync($"/api/meetings/{warm}/registrations", Delegate(i), ct);
        });

        var meeting = await CreateMeetingAsync(secretariat, capacity, "burst");
        Console.Error.WriteLine($"==> {requests} parallel registrations at a {capacity}-seat meeting ({partnerCount} delegations)");
        var loadBefore = Figures.Load();
        using var gate = new SemaphoreSlim(0);
        var start = 0L;
        var tasks = Enumerable.Range(0, requests).Select(async i =>
        {
            await gate.WaitAsync();
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var response = await clients[partners[i % partners.Length]]
                    .PostAsJsonAsync($"/api/meetings/{meeting}/registrations", Delegate(i));
                return (Status: (int)response.StatusCode, Ms: Stopwatch.GetElapsedTime(sent).TotalMilliseconds, Done: Stopwatch.GetTimestamp());
            }
            catch (HttpRequestException)
            {
                return (Status: 0, Ms: Stopwatch.GetElapsedTime(sent).TotalMilliseconds, Done: Stopwatch.GetTimestamp());
            }
        }).ToList();
        start = Stopwatch.GetTimestamp();
        gate.Release(requests);
        var results = await Task.WhenAll(tasks);
        var wall = Stopwatch.GetElapsedTime(start, results.Max(r => r.Done)).TotalSeconds;
        var load = Figures.Load();

        var (seated, stored) = await CountAsync(database, meeting);
        var latencies = results.Select(r => r.Ms).Order().ToList();
        var server = results.Count(r => r.Status >= 500 || r.Status == 0);
        var created = results.Count(r => r.Status == (int)HttpStatusCode.Created);
        var throughput = requests / wall;
        var (p50, p95, p99) = (Figures.Percentile(latencies, 50), Figures.Percentile(latencies, 95), Figures.Percentile(latencies, 99));

        Console.WriteLine($"registrations burst: {requests} requests, {capacity} seats, {partnerCount} delegations; load {loadBefore} before, {load} after");
        Console.WriteLine($"| figure | value | target |");
        Console.WriteLine($"| --- | ---: | --- |");
        Console.WriteLine($"| throughput | {throughput:0.0} req/s | >= 500 |");
        Console.WriteLine($"| wall time | {wall:0.00} s | |");
        Console.WriteLine($"| latency p50 / p95 / p99 | {Figures.Ms(p50)} / {Figures.Ms(p95)} / {Figures.Ms(p99)} ms | p99 <= 2000 |");
        Console.WriteLine($"| 201 Created | {created} | {requests} |");
        Console.WriteLine($"| 5xx or no answer | {server} | 0 |");
        Console.WriteLine($"| seated (pending, confirmed, offered) | {seated} | {capacity} |");
        // Lost: answered 201 but not stored (or stored without a 201); a refusal is an answer, counted above.
        var lost = Math.Abs(created - stored);
        Console.WriteLine($"| stored / lost | {stored} / {lost} | {requests} / 0 |");
        foreach (var group in results.GroupBy(r => r.Status).OrderBy(g => g.Key))
        {
            Console.WriteLine($"status {group.Key}: {group.Count()}");
        }

        figures.Add("registrations burst: throughput", throughput, "req/s", ">= 500", throughput >= 500);
        figures.Add("registrations burst: p99", p99, "ms", "<= 2000", p99 <= 2000);
        figures.Add("registrations burst: p50", p50, "ms", "", true);
        figures.Add("registrations burst: seated", seated, "registrations", $"== {capacity}", seated == capacity);
        figures.Add("registrations burst: lost", lost, "registrations", "== 0", lost == 0);
        figures.Add("registrations burst: 5xx", server, "responses", "== 0", server == 0);
        return seated == capacity && lost == 0 ? 0 : 1;
    }

    private static object Delegate(int i) => new
    {
        givenName = "Amina",
        familyName = "El Idrissi",
        email = $"delegate-{i}-{Guid.NewGuid():N}@example.org",
        function = "Directrice",
        organisation = "Ministère",
        language = i % 2 == 0 ? "fr" : "en",
        participation = "in-person",
        workingGroup = "wg-borders",
        visaLetter = true,
    };

    private static async Task InsertPartnersAsync(string database, string[] partners)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        foreach (var code in partners)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO partners (code, type, status, names, source_time)
                VALUES ($1, 'organisation', 'partner', $2::jsonb, now()) ON CONFLICT DO NOTHING
                """, connection);
            insert.Parameters.AddWithValue(code);
            insert.Parameters.AddWithValue($$"""{"fr":"Partenaire {{code}}","en":"Partner {{code}}"}""");
            await insert.ExecuteNonQueryAsync();
        }
    }

    private static async Task<Guid> CreateMeetingAsync(HttpClient secretariat, int capacity, string marker)
    {
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60);
        var body = new JsonObject
        {
            ["kind"] = "thematic-meeting",
            ["status"] = "announced",
            ["translations"] = new JsonObject
            {
                ["fr"] = new JsonObject { ["title"] = $"Réunion thématique {marker} {Guid.NewGuid():N}", ["summary"] = "Madrid" },
                ["en"] = new JsonObject { ["title"] = $"Thematic meeting {marker} {Guid.NewGuid():N}", ["summary"] = "Madrid" },
            },
            ["startDate"] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["endDate"] = start.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["timeZone"] = "Europe/Madrid",
            ["city"] = "Madrid",
            ["countryCode"] = "ES",
            ["format"] = "hybrid",
            ["workingGroups"] = new JsonArray("wg-borders", "wg-returns"),
            ["capacity"] = capacity,
            ["delegationQuota"] = null,
            ["registrationOpensAt"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("O", CultureInfo.InvariantCulture),
            ["registrationDeadline"] = DateTimeOffset.UtcNow.AddDays(30).ToString("O", CultureInfo.InvariantCulture),
        };
        using var response = await secretariat.PostAsJsonAsync("/api/meetings", body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"creating the meeting: {(int)response.StatusCode} {text}");
        }

        return Guid.Parse(JsonNode.Parse(text)!["id"]!.GetValue<string>());
    }

    private static async Task<(int Seated, int Stored)> CountAsync(string database, Guid meeting)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE status IN ('Pending', 'Confirmed', 'Offered')), count(*) FROM registrations WHERE meeting_id = $1
            """, connection);
        count.Parameters.AddWithValue(meeting);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }
}
