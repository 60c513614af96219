using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RabatPlatform.Content;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Persistence;
using RabatPlatform.Search.Data;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.ScaleOut;

/// <summary>The tests of several replicas of one service (issue 18): one after another, beside the other collections.</summary>
[CollectionDefinition(Name)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutFixture>
{
    public const string Name = "scale-out";
}

/// <summary>
/// Two replicas of a service, as a deployment runs them: two hosts of the same service in the test process on one
/// freshly migrated database and one RabbitMQ virtual host of their own (so no other service takes their messages or
/// rows), sharing one clock a test may move. Each host runs every background job of the service.
/// </summary>
public sealed class Replicas<TMarker> : IAsyncDisposable
    where TMarker : class
{
    private readonly List<ServiceHost<TMarker>> hosts = [];
    private readonly Dictionary<string, string?> settings;
    private readonly string postgres;
    private readonly string databaseName;
    private readonly TestVirtualHost virtualHost;

    private Replicas(string postgres, string databaseName, string database, TestVirtualHost virtualHost, Dictionary<string, string?> settings)
    {
        this.postgres = postgres;
        this.databaseName = databaseName;
        Database = database;
        this.virtualHost = virtualHost;
        this.settings = settings;
    }

    /// <summary>The replicas' database (a connection string).</summary>
    public string Database { get; }

    public TestClock Clock { get; } = new();

    /// <summary>The replicas still running, in the order they started.</summary>
    public IReadOnlyList<ServiceHost<TMarker>> Hosts => hosts;

    public ServiceHost<TMarker> this[int index] => hosts[index];

    public static async Task<Replicas<TMarker>> StartAsync<TContext>(
        string connectionName, Func<DbContextOptions<TContext>, TContext> createContext, Dictionary<string, string?> serviceSettings, int count = 2)
        where TContext : ServiceDbContext
    {
        var servers = await TestServers.GetAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        var name = $"{connectionName}_scale_{run}";
        var database = new NpgsqlConnectionStringBuilder(servers.Postgres) { Database = name }.ConnectionString;
        await using (var db = createContext((DbContextOptions<TContext>)new DbContextOptionsBuilder<TContext>().UseServiceDatabase(database).Options))
        {
            await db.Database.MigrateAsync();
        }

        var virtualHost = await TestVirtualHost.CreateAsync(servers, $"rabat-scale-{connectionName}-{run}");
        var settings = new Dictionary<string, string?>(serviceSettings)
        {
            [$"ConnectionStrings:{connectionName}"] = database,
            [$"ConnectionStrings:{ResourceNames.Messaging}"] = virtualHost.ConnectionString,
            ["Messaging:Outbox:SweepInterval"] = "00:00:00.500",
            ["Messaging:Outbox:PublishTimeout"] = "00:00:03",
            ["Messaging:Outbox:FirstRetryDelay"] = "00:00:00.500",
            ["Messaging:Outbox:MaxRetryDelay"] = "00:00:02",
            ["Messaging:Retry:TransientMinInterval"] = "00:00:00.100",
            ["Messaging:Retry:TransientMaxInterval"] = "00:00:00.500",
            ["Messaging:Retry:TransientIntervalDelta"] = "00:00:00.100",
        };
        if (servers.Smtp is not null)
        {
            settings[$"ConnectionStrings:{ResourceNames.Smtp}"] = servers.Smtp;
        }

        var replicas = new Replicas<TMarker>(servers.Postgres, name, database, virtualHost, settings);
        for (var i = 0; i < count; i++)
        {
            replicas.AddReplica();
        }

        await replicas.WaitBusesReadyAsync();
        return replicas;
    }

    /// <summary>
    /// Waits until every replica's bus is connected with its receive endpoints bound (a bus starts after its host, so
    /// an event published before would find no queue bound yet).
    /// </summary>
    public Task WaitBusesReadyAsync() => TestApi.WaitUntilAsync(
        () => Task.FromResult(hosts.All(h => h.Services.GetRequiredService<MassTransit.IBusControl>().CheckHealth().Status == MassTransit.BusHealthStatus.Healthy)),
        TimeSpan.FromSeconds(60), "every replica's bus is ready");

    /// <summary>Starts one more replica on the same database and virtual host.</summary>
    public ServiceHost<TMarker> AddReplica()
    {
        var host = new ServiceHost<TMarker>(settings, clock: Clock);
        hosts.Add(host);
        return host.Start(kestrel: false);
    }

    /// <summary>Stops a replica (its hosted services stop, its connections close) and forgets it.</summary>
    public async Task StopAsync(ServiceHost<TMarker> host)
    {
        hosts.Remove(host);
        await host.DisposeAsync();
    }

    /// <summary>The background job <typeparamref name="TJob"/> of a replica.</summary>
    public static TJob Job<TJob>(ServiceHost<TMarker> host) where TJob : IHostedService =>
        host.Services.GetServices<IHostedService>().OfType<TJob>().Single();

    /// <summary>A client of a replica itself (no gateway) with a Secretariat token (Development's token issuer).</summary>
    public HttpClient SecretariatClient(int replica = 0) => Client(PlatformRoles.Secretariat, null, replica);

    /// <summary>A client of a replica itself (no gateway) with a token of <paramref name="role"/> (Development's token issuer).</summary>
    public HttpClient Client(string role, string? partnerId, int replica = 0)
    {
        var host = hosts[replica];
        var options = host.Services.GetRequiredService<PlatformAuthenticationOptions>();
        var (token, _) = new DevTokenIssuer(options, options.GetDevSigningKey(true)!, TimeProvider.System).Issue(role, partnerId);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<T> InDbAsync<TContext, T>(Func<TContext, Task<T>> query)
        where TContext : DbContext
    {
        await using var scope = hosts[0].Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(hosts))
        {
            await host.DisposeAsync();
        }

        hosts.Clear();
        await virtualHost.DisposeAsync();

        // WITH (FORCE) ends the replicas' pooled connections; the other collections' pools are left alone.
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var drop = connection.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)";
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// The replica pairs of the scale-out tests, each started on first use and shared by the tests of the collection
/// (each test works on items of its own, so none needs a reset).
/// </summary>
public sealed class ScaleOutFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Replicas<ContentApiMarker>? content;
    private Replicas<MeetingsApiMarker>? meetings;
    private Replicas<SubscriptionsApiMarker>? subscriptions;
    private Replicas<SubscriptionsApiMarker>? slowMail;
    private Replicas<SearchApiMarker>? search;

    public Task<Replicas<ContentApiMarker>> ContentAsync() => GetAsync(() => content, r => content = r,
        () => Replicas<ContentApiMarker>.StartAsync<ContentDbContext>(ResourceNames.ContentDb, o => new(o), ServiceTestSettings.Content()));

    public Task<Replicas<MeetingsApiMarker>> MeetingsAsync() => GetAsync(() => meetings, r => meetings = r,
        () => Replicas<MeetingsApiMarker>.StartAsync<MeetingsDbContext>(ResourceNames.MeetingsDb, o => new(o), ServiceTestSettings.Meetings()));

    /// <summary>Small mail batches, so that both replicas' senders claim some of a newsletter.</summary>
    public Task<Replicas<SubscriptionsApiMarker>> SubscriptionsAsync() => GetAsync(() => subscriptions, r => subscriptions = r,
        () => Replicas<SubscriptionsApiMarker>.StartAsync<SubscriptionsDbContext>(ResourceNames.SubscriptionsDb, o => new(o),
            new Dictionary<string, string?>(ServiceTestSettings.Subscriptions()) { ["Subscriptions:Mail:BatchSize"] = "5" }));

    /// <summary>
    /// Mail sent slower than its claims last: 2 mails a second per replica, batches of 10 (5 s of sending), claims of 3 s,
    /// as a slow SMTP relay would make it: the other replica may claim a batch's tail again while it is still being sent.
    /// </summary>
    public Task<Replicas<SubscriptionsApiMarker>> SlowMailAsync() => GetAsync(() => slowMail, r => slowMail = r,
        () => Replicas<SubscriptionsApiMarker>.StartAsync<SubscriptionsDbContext>(ResourceNames.SubscriptionsDb, o => new(o),
            new Dictionary<string, string?>(ServiceTestSettings.Subscriptions())
            {
                ["Subscriptions:Mail:BatchSize"] = "10",
                ["Subscriptions:Mail:MessagesPerSecond"] = "2",
                ["Subscriptions:Mail:ClaimTimeout"] = "00:00:03",
            }));

    public Task<Replicas<SearchApiMarker>> SearchAsync() => GetAsync(() => search, r => search = r,
        () => Replicas<SearchApiMarker>.StartAsync<SearchDbContext>(ResourceNames.SearchDb, o => new(o), ServiceTestSettings.Search()));

    private async Task<Replicas<T>> GetAsync<T>(Func<Replicas<T>?> get, Action<Replicas<T>> set, Func<Task<Replicas<T>>> start)
        where T : class
    {
        await gate.WaitAsync();
        try
        {
            if (get() is { } started)
            {
                return started;
            }

            var replicas = await start();
            set(replicas);
            return replicas;
        }
        finally
        {
            gate.Release();
        }
    }

    public Task InitializeAsync()
    {
        ActivityCollector.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var replicas in new IAsyncDisposable?[] { content, meetings, subscriptions, slowMail, search })
        {
            if (replicas is not null)
            {
                await replicas.DisposeAsync();
            }
        }
    }
}
