using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace RabatPlatform.WriteBench;

/// <summary>
/// Write → visible in search: the content service publishes a news item (its outbox, the broker) and the search service
/// indexes it (its inbox). The clock starts when the publish request has answered (the write has committed) and stops
/// when the item's documents are committed in the search database (polled on a connection of its own every ~0.5 ms);
/// the search API then finds it. The first event is measured right after both services answered /health; the steady
/// state over N more items, one at a time.
/// </summary>
internal static class EventsBench
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var items = args.Int("items", 200);
        var figures = new Figures(args.String("command", "bench/events.sh"));
        var server = Environment.GetEnvironmentVariable("RABAT_BENCH_POSTGRES");
        var searchDb = new NpgsqlConnectionStringBuilder(server) { Database = "searchdb" }.ConnectionString;
        var auth = new PlatformAuthenticationOptions();
        var issuer = new DevTokenIssuer(auth, auth.GetDevSigningKey(isDevelopment: true)!, TimeProvider.System);
        using var content = new HttpClient { BaseAddress = new Uri(args.Required("content")) };
        content.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Issue("secretariat", null).Token);
        using var search = new HttpClient { BaseAddress = new Uri(args.Required("search")) };
        await using var poll = new NpgsqlConnection(searchDb);
        await poll.OpenAsync();

        var first = await OneAsync(content, search, poll, "first", verify: true);
        Console.Error.WriteLine($"==> first event after start: {first:0.0} ms; now {items} items one at a time");
        var latencies = new List<double>(items);
        var load = "";
        for (var i = 0; i < items; i++)
        {
            latencies.Add(await OneAsync(content, search, poll, $"steady{i}", verify: i % 50 == 0));
            if (i == items / 2)
            {
                load = Figures.Load();
            }
        }

        latencies.Sort();
        var (p50, p95, p99) = (Figures.Percentile(latencies, 50), Figures.Percentile(latencies, 95), Figures.Percentile(latencies, 99));
        Console.WriteLine($"write -> visible in search: {items} news items published one at a time; load {load}");
        Console.WriteLine("| figure | value | target |");
        Console.WriteLine("| --- | ---: | --- |");
        Console.WriteLine($"| first event after start | {Figures.Ms(first)} ms | <= 200 ms |");
        Console.WriteLine($"| steady p50 / p95 / p99 | {Figures.Ms(p50)} / {Figures.Ms(p95)} / {Figures.Ms(p99)} ms | p99 <= 20 ms |");
        Console.WriteLine($"| steady min / max | {Figures.Ms(latencies[0])} / {Figures.Ms(latencies[^1])} ms | |");
        figures.Add("write -> visible in search: first event after start", first, "ms", "<= 200", first <= 200);
        figures.Add("write -> visible in search: p50", p50, "ms", "", true);
        figures.Add("write -> visible in search: p95", p95, "ms", "", true);
        figures.Add("write -> visible in search: p99", p99, "ms", "<= 20", p99 <= 20);
        return 0;
    }

    private static async Task<double> OneAsync(HttpClient content, HttpClient search, NpgsqlConnection poll, string marker, bool verify)
    {
        var word = $"bench{marker}{Guid.NewGuid():N}"[..30];
        var body = new
        {
            translations = new
            {
                fr = new { title = $"Gestion des frontières {word}", summary = "Résumé", body = "<p>Texte</p>", slug = $"fr-{word}" },
                en = new { title = $"Border management {word}", summary = "Summary", body = "<p>Text</p>", slug = $"en-{word}" },
            },
            tags = new[] { "border-management" },
        };
        using var created = await content.PostAsJsonAsync("/api/content/news", body);
        if (created.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"create: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }

        var id = Guid.Parse(JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        using var publish = await content.PostAsync($"/api/content/news/{id}/publish", null);
        var committed = Stopwatch.GetTimestamp();
        if (publish.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"publish: {(int)publish.StatusCode}");
        }

        await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM search_documents WHERE item_id = $1)", poll);
        exists.Parameters.AddWithValue(id);
        await exists.PrepareAsync();
        while (!(bool)(await exists.ExecuteScalarAsync())!)
        {
            if (Stopwatch.GetElapsedTime(committed) > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException($"news {id} not indexed after a minute");
            }

            Thread.SpinWait(2000);
        }

        var latency = Stopwatch.GetElapsedTime(committed).TotalMilliseconds;
        if (verify)
        {
            var found = await search.GetFromJsonAsync<JsonObject>($"/api/search?q={word}&lang=fr");
            if (found?["total"]?.GetValue<int>() is not > 0)
            {
                throw new InvalidOperationException($"news {id} is indexed but the search does not find '{word}'");
            }
        }

        return latency;
    }
}
