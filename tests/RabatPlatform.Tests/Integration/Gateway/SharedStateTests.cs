using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Contracts;
using RabatPlatform.Gateway;
using RabatPlatform.Gateway.Features.Caching;
using RabatPlatform.Tests.Infrastructure;
using StackExchange.Redis;

namespace RabatPlatform.Tests.Integration.Gateway;

/// <summary>
/// Several gateway replicas share their state through one Redis (the test Redis of <see cref="TestServers"/>): two
/// gateway hosts in this process in front of the platform's real services, each pair with keys of its own.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SharedStateTests(PlatformFixture platform) : IAsyncLifetime
{
    private const string List = "/api/content/news?lang=fr";

    private readonly List<IAsyncDisposable> owned = [];

    public Task InitializeAsync() => platform.ResetAsync();

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(owned))
        {
            await disposable.DisposeAsync();
        }

        // The replicas' durable eviction queue would otherwise keep collecting the platform's events for no one.
        await platform.VirtualHost.DeleteQueueAsync(PublicReadCache.SharedEvictionQueue);
    }

    [Fact]
    public async Task A_read_cached_through_one_replica_is_served_by_the_other_and_one_event_evicts_it_for_both()
    {
        var redis = await RedisAsync();
        var (a, b) = (await ReplicaAsync(redis), await ReplicaAsync(redis));
        using var clientA = Client(a);
        using var clientB = Client(b);

        var first = await clientA.GetAsync(List);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Null(first.Headers.Age);
        await CachedInRedisAsync(redis); // A stores the answer once it has sent it
        var throughB = await clientB.GetAsync(List);
        Assert.NotNull(throughB.Headers.Age); // B answers from the entry A stored
        Assert.Equal(0, (await throughB.ReadJsonAsync()).Total());

        // The replicas take the events from one durable queue, each event by one of them (competing consumers:
        // both replicas consume it), not each from a queue of its own. RabbitMQ's API counts consumers with a delay.
        await TestApi.WaitUntilAsync(
            async () => (await platform.VirtualHost.QueuesAsync()).SingleOrDefault(q => q.Name == PublicReadCache.SharedEvictionQueue)
                is { Exclusive: false, Consumers: 2 },
            TimeSpan.FromSeconds(10), "both replicas consume the one shared eviction queue");

        var secretariat = await platform.ClientAsAsync("secretariat");
        var marker = TestApi.Unique("rs");
        await TestApi.CreateAndPublishNewsAsync(secretariat, TestApi.NewsBody($"Répliques {marker}", $"Replicas {marker}"));
        await TestApi.WaitUntilAsync(
            async () => (await (await clientB.GetAsync(List)).ReadJsonAsync()).Total() == 1,
            TimeSpan.FromSeconds(10), "replica B's anonymous read shows the new item");
        var throughA = await clientA.GetAsync(List);
        Assert.Equal(1, (await throughA.ReadJsonAsync()).Total()); // at once: the one eviction reached A's view too
    }

    [Fact]
    public async Task A_client_s_rate_limit_holds_across_replicas()
    {
        var redis = await RedisAsync();
        const int limit = 4;
        const int formsLimit = 2;
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:PerClient:PermitLimit"] = limit.ToString(CultureInfo.InvariantCulture),
            ["Gateway:PublicForms:PermitLimit"] = formsLimit.ToString(CultureInfo.InvariantCulture),
        };
        var (a, b) = (await ReplicaAsync(redis, settings), await ReplicaAsync(redis, settings));
        using var clientA = Client(a);
        using var clientB = Client(b);

        // The public forms' own limit (per client address): the second through B is the limit, the third through A is over it.
        Assert.Equal(HttpStatusCode.BadRequest, (await clientA.PostAsJsonAsync("/api/subscriptions/newsletter", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await clientB.PostAsJsonAsync("/api/subscriptions/newsletter", new { })).StatusCode);
        await AssertTooManyAsync(await clientA.PostAsJsonAsync("/api/subscriptions/newsletter", new { }));

        // Every request counts against the client's limit, whichever replica it reaches: 3 so far, one more is allowed.
        Assert.Equal(HttpStatusCode.OK, (await clientB.GetAsync(List)).StatusCode);
        await AssertTooManyAsync(await clientA.GetAsync(List));
        await AssertTooManyAsync(await clientB.GetAsync(List));
        // Probes are never limited.
        Assert.Equal(HttpStatusCode.OK, (await clientA.GetAsync("/alive")).StatusCode);
    }

    /// <summary>
    /// The drill of issue 18 "restart the gateway replica that holds a client's rate-limit window": the window and the
    /// cache live in Redis, not in the replica, so a restarted replica gives the client no fresh window and starts warm.
    /// </summary>
    [Fact]
    public async Task Restarting_the_replica_that_counted_a_client_gives_it_no_new_window_and_keeps_the_cache()
    {
        var redis = await RedisAsync();
        const int limit = 4;
        var settings = new Dictionary<string, string?> { ["Gateway:PerClient:PermitLimit"] = limit.ToString(CultureInfo.InvariantCulture) };
        var a = await ReplicaAsync(redis, settings);
        var b = await ReplicaAsync(redis, settings);
        using (var clientA = Client(a))
        {
            for (var i = 0; i < limit - 1; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await clientA.GetAsync(List)).StatusCode);
            }
        }

        await CachedInRedisAsync(redis);
        owned.Remove(a);
        await a.DisposeAsync();
        var restarted = await ReplicaAsync(redis, settings);
        using var clientRestarted = Client(restarted);
        using var clientB = Client(b);

        // The client's window went on: one request left of the four, whichever replica it reaches.
        var last = await clientRestarted.GetAsync(List);
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.NotNull(last.Headers.Age); // and the restarted replica answered from the shared cache
        await AssertTooManyAsync(await clientRestarted.GetAsync(List));
        await AssertTooManyAsync(await clientB.GetAsync(List));
    }

    [Fact]
    public async Task Without_Redis_the_gateway_still_serves_uncached_limits_per_replica_and_reports_degraded()
    {
        var redis = await RedisAsync();
        var options = ConfigurationOptions.Parse(redis);
        var server = options.EndPoints.Single() switch
        {
            DnsEndPoint dns => (dns.Host, dns.Port),
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            var other => throw new InvalidOperationException($"unexpected Redis end point {other}"),
        };
        var proxy = new TcpProxy(server.Item1, server.Item2);
        owned.Add(proxy);
        options.EndPoints.Clear();
        options.EndPoints.Add(IPAddress.Loopback, proxy.Port);
        var throughProxy = options.ToString(includePassword: true);
        const int formsLimit = 2;
        var gateway = await ReplicaAsync(throughProxy, new Dictionary<string, string?>
        {
            ["Gateway:PublicForms:PermitLimit"] = formsLimit.ToString(CultureInfo.InvariantCulture),
            ["Health:DetailsNetworks:0"] = "127.0.0.0/8",
            ["Health:CacheDuration"] = "00:00:00",
        });
        using var client = Client(gateway);
        await client.GetAsync(List);
        await CachedInRedisAsync(redis);
        Assert.NotNull((await client.GetAsync(List)).Headers.Age); // cached in Redis
        Assert.Equal("Healthy", (await HealthAsync(client))["checks"]![ResourceNames.Redis]!["status"]!.GetValue<string>());

        var failuresBefore = MetricCollector.Total("rabat.gateway.redis.failures");
        proxy.Cut();

        // Reads are forwarded, uncached; nothing fails.
        for (var i = 0; i < 3; i++)
        {
            var read = await client.GetAsync(List);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Null(read.Headers.Age);
        }

        // Rate limits fall back to this replica's own window: still limited.
        for (var i = 0; i < formsLimit; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/subscriptions/newsletter", new { })).StatusCode);
        }

        await AssertTooManyAsync(await client.PostAsJsonAsync("/api/subscriptions/newsletter", new { }));

        // Ready but Degraded, Redis named; each operation done without Redis is counted.
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var report = await health.ReadJsonAsync();
        Assert.Equal("Degraded", report["status"]!.GetValue<string>());
        Assert.Equal("Degraded", report["checks"]![ResourceNames.Redis]!["status"]!.GetValue<string>());
        Assert.True(MetricCollector.Total("rabat.gateway.redis.failures") > failuresBefore);

        // Redis back: the cache is shared again.
        proxy.Restore();
        await TestApi.WaitUntilAsync(
            async () => (await client.GetAsync(List)).Headers.Age is not null,
            TimeSpan.FromSeconds(30), "reads are cached in Redis again");
        Assert.Equal("Healthy", (await HealthAsync(client))["checks"]![ResourceNames.Redis]!["status"]!.GetValue<string>());
    }

    private static async Task<string> RedisAsync() =>
        (await TestServers.GetAsync()).Redis ?? throw new InvalidOperationException("the test infrastructure has no Redis (set RABAT_TEST_REDIS)");

    /// <summary>A gateway replica on a real port, in front of the platform's services, its shared state in Redis under this test's prefix.</summary>
    private async Task<ServiceHost<GatewayMarker>> ReplicaAsync(string redis, Dictionary<string, string?>? extra = null)
    {
        var settings = ServiceTestSettings.Gateway(platform.VirtualHost.ConnectionString, new Dictionary<string, string>
        {
            [ResourceNames.Content] = platform.Content.Address,
            [ResourceNames.Meetings] = platform.Meetings.Address,
            [ResourceNames.Publications] = platform.Publications.Address,
            [ResourceNames.Subscriptions] = platform.Subscriptions.Address,
            [ResourceNames.Search] = platform.Search.Address,
        });
        settings[$"ConnectionStrings:{ResourceNames.Redis}"] = redis;
        settings["Gateway:SharedState:KeyPrefix"] = prefix;
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var host = new ServiceHost<GatewayMarker>(settings).Start();
        owned.Add(host);
        // The bus starts after the host: wait until it consumes (its queue is bound to the events).
        var bus = host.Services.GetRequiredService<IBusControl>();
        await TestApi.WaitUntilAsync(
            () => Task.FromResult(bus.CheckHealth().Status == BusHealthStatus.Healthy), TimeSpan.FromSeconds(30), "the replica's bus is ready");
        return host;
    }

    private readonly string prefix = $"rabat-test:{Guid.NewGuid():N}:";

    /// <summary>Waits until an answer is stored under this test's prefix.</summary>
    private async Task CachedInRedisAsync(string redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        var server = connection.GetServers().Single();
        await TestApi.WaitUntilAsync(
            async () =>
            {
                await foreach (var _ in server.KeysAsync(pattern: $"{prefix}cache:*"))
                {
                    return true;
                }

                return false;
            },
            TimeSpan.FromSeconds(5), "the answer is stored in Redis");
    }

    /// <summary>
    /// A client of one replica, asking for the platform's public host as behind a load balancer (the cache varies by
    /// host, and the replicas listen on ports of their own here).
    /// </summary>
    private static HttpClient Client(ServiceHost<GatewayMarker> replica)
    {
        var client = replica.CreateClient();
        client.DefaultRequestHeaders.Host = "api.rabat-process.test";
        return client;
    }

    private static async Task<JsonObject> HealthAsync(HttpClient client) => await (await client.GetAsync("/health")).ReadJsonAsync();

    private static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(int.Parse(response.Headers.RetryAfter!.ToString(), CultureInfo.InvariantCulture) > 0);
        Assert.Equal(429, (await response.ReadJsonAsync())["status"]!.GetValue<int>());
    }
}
