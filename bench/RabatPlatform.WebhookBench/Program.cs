// The webhook delivery benchmark: E endpoints on a local receiver (Kestrel, 127.0.0.1), N news.published
// events fanned out to every endpoint as delivery rows (as WebhookFanOutConsumer writes them), then the
// service's own WebhookDispatcher (claim, sign, send, record) delivers them all. Prints the throughput and
// the delay from a row's creation to its receipt (p50/p95/p99), with the receiver answering after a
// chosen latency (a partner system is not instant). One process, so the receiver shares the 2 cores.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Subscriptions.Features.Webhooks;

int endpointCount = 20, events = 500, latencyMs = 0, concurrency = 16;
for (var i = 0; i < args.Length - 1; i++)
{
    var value = int.Parse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--endpoints": endpointCount = value; i++; break;
        case "--events": events = value; i++; break;
        case "--receiver-latency-ms": latencyMs = value; i++; break;
        case "--concurrency": concurrency = value; i++; break;
        default: throw new ArgumentException($"unknown option {args[i]}");
    }
}

var server = Environment.GetEnvironmentVariable("RABAT_BENCH_POSTGRES")
    ?? throw new InvalidOperationException("RABAT_BENCH_POSTGRES is not set");
var database = $"webhook_bench_{Guid.NewGuid():N}"[..28];
var connection = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 50 }.ConnectionString;
await using (var admin = new NpgsqlConnection(server))
{
    await admin.OpenAsync();
    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
    await create.ExecuteNonQueryAsync();
}

// The receiver: every request answers 204 after the chosen latency; receipt times by webhook-id and endpoint.
var received = new ConcurrentDictionary<string, long>();
int inFlight = 0, maxInFlight = 0;
long inFlightSamples = 0, inFlightSum = 0;
var receiver = WebApplication.CreateSlimBuilder();
receiver.Logging.ClearProviders();
receiver.WebHost.UseUrls("http://127.0.0.1:0");
var receiverApp = receiver.Build();
receiverApp.MapPost("/hook/{n:int}", async (HttpRequest request, int n) =>
{
    await request.Body.CopyToAsync(Stream.Null);
    var now = Interlocked.Increment(ref inFlight);
    InterlockedMax(ref maxInFlight, now);
    Interlocked.Increment(ref inFlightSamples);
    Interlocked.Add(ref inFlightSum, now);
    if (latencyMs > 0)
    {
        await Task.Delay(latencyMs);
    }

    Interlocked.Decrement(ref inFlight);

    received.TryAdd($"{n}/{request.Headers["webhook-id"]}", Stopwatch.GetTimestamp());
    return Results.NoContent();
});
await receiverApp.StartAsync();
var port = new Uri(receiverApp.Urls.First()).Port;

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Webhooks:AllowHttp"] = "true",
    ["Webhooks:AllowedTargets:0"] = $"127.0.0.1:{port}",
    ["Webhooks:MaxConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
    ["Webhooks:SecretKeys:bench"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
});
builder.Services.AddDbContext<SubscriptionsDbContext>(o => o.UseServiceDatabase(connection));
builder.Services.AddSingleton(TimeProvider.System);
builder.AddWebhooks();
using var host = builder.Build();

try
{
    await using (var scope = host.Services.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<SubscriptionsDbContext>();
        await db.Database.MigrateAsync();
        var secrets = scope.ServiceProvider.GetRequiredService<WebhookSecretProtector>();
        var source = scope.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value.Source;
        var now = DateTimeOffset.UtcNow;
        var endpoints = Enumerable.Range(0, endpointCount)
            .Select(n => WebhookEndpoint.Create($"http://127.0.0.1:{port}/hook/{n}", $"bench {n}", ["news.published"], null, now, secrets).Endpoint)
            .ToList();
        db.WebhookEndpoints.AddRange(endpoints);
        await db.SaveChangesAsync();

        // The rows a fan-out writes: one per event and endpoint, the same CloudEvent body for every endpoint.
        for (var e = 0; e < events; e++)
        {
            var news = new NewsPublished(Guid.NewGuid(), now, Guid.NewGuid(), now, new Dictionary<string, TranslatedText>
            {
                ["fr"] = new($"Actualité {e}", "Un résumé de quelques mots.", "<p>Un corps de texte.</p>", $"actualite-{e}"),
                ["en"] = new($"News {e}", "A summary of a few words.", "<p>A body of text.</p>", $"news-{e}"),
            }, ["border-management", "gcm-11"]);
            var body = WebhookMessage.Body(news, source);
            db.WebhookDeliveries.AddRange(endpoints.Select(endpoint => WebhookDelivery.Create(endpoint.Id, news.EventId, "news.published", body, now)));
        }

        await db.SaveChangesAsync();
    }

    var total = endpointCount * events;
    Console.WriteLine($"webhook benchmark — {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores");
    Console.WriteLine($"{endpointCount} endpoints × {events} events = {total:N0} deliveries; receiver latency {latencyMs} ms; MaxConcurrency {concurrency}");

    var started = Stopwatch.GetTimestamp();
    await host.StartAsync();
    host.Services.GetRequiredService<WebhookSignal>().Set();
    while (received.Count < total)
    {
        await Task.Delay(50);
        if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(10))
        {
            throw new TimeoutException($"only {received.Count:N0} of {total:N0} deliveries arrived in 10 minutes");
        }
    }

    var elapsed = Stopwatch.GetElapsedTime(started);

    // Every row recorded as succeeded (the dispatcher saves the result after the answer).
    int succeeded;
    do
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SubscriptionsDbContext>();
        succeeded = await db.WebhookDeliveries.CountAsync(d => d.Status == DeliveryStatus.Succeeded);
    }
    while (succeeded < total && await Task.Delay(50).ContinueWith(_ => true));

    var delays = received.Values.Select(t => Stopwatch.GetElapsedTime(started, t).TotalMilliseconds).Order().ToArray();
    double At(double p) => delays[Math.Clamp((int)Math.Ceiling(p / 100 * delays.Length) - 1, 0, delays.Length - 1)];
    var first = received.Values.Min();
    var last = received.Values.Max();
    var steady = Stopwatch.GetElapsedTime(first, last).TotalSeconds;
    Console.WriteLine($"delivered and recorded: {succeeded:N0} in {elapsed.TotalSeconds:F1} s from the dispatcher's start = {total / elapsed.TotalSeconds:N0} deliveries/s");
    Console.WriteLine($"steady rate (first to last receipt, without the start-up): {(total - 1) / steady:N0} deliveries/s over {steady:F1} s");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"time from start to receipt (ms): p50 {At(50):F0}, p95 {At(95):F0}, p99 {At(99):F0}, max {delays[^1]:F0}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"requests in flight at the receiver: max {maxInFlight}, mean {(double)inFlightSum / Math.Max(1, inFlightSamples):F1} (seen by each arriving request)"));
    await host.StopAsync();
}
finally
{
    await receiverApp.StopAsync();
    NpgsqlConnection.ClearAllPools();
    await using var admin = new NpgsqlConnection(server);
    await admin.OpenAsync();
    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
    await drop.ExecuteNonQueryAsync();
}

static void InterlockedMax(ref int target, int value)
{
    var current = Volatile.Read(ref target);
    while (value > current)
    {
        var seen = Interlocked.CompareExchange(ref target, value, current);
        if (seen == current)
        {
            break;
        }

        current = seen;
    }
}
