using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RabatPlatform.Content;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;
using RabatPlatform.Gateway;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;
using RabatPlatform.Publications.Data;
using RabatPlatform.Search.Data;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Tests.Infrastructure;

// The integration tests run in four collections side by side, each against a platform of its own (own
// databases, own RabbitMQ virtual host, own clock); the tests of one collection run one after another and
// reset their platform before each test. Tests that count the process's shared meters exactly stay in the
// collection that alone produces what they count (registrations: MeetingsCollection).

/// <summary>The gateway, its policies, bad input everywhere, the outbox and inbox, traces and metrics.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}

/// <summary>Editorial content, reference data, search and the seed data set.</summary>
[CollectionDefinition(Name)]
public sealed class ContentCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "content";
}

/// <summary>Meetings, registrations and publications.</summary>
[CollectionDefinition(Name)]
public sealed class MeetingsCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "meetings";
}

/// <summary>Webhooks and the newsletter.</summary>
[CollectionDefinition(Name)]
public sealed class SubscriptionsCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "subscriptions";
}

/// <summary>
/// The whole platform in the test process: the five services and the gateway on real ports, each
/// service with its own freshly migrated database on the test PostgreSQL, all on a virtual host of their
/// own on the test RabbitMQ (<see cref="TestVirtualHost"/>). Each service's test settings are its piece
/// of <see cref="ServiceTestSettings"/>. The content service reaches the broker through a
/// <see cref="TcpProxy"/> so a test can cut it off.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private readonly List<IAsyncDisposable> hosts = [];
    private readonly Dictionary<string, string> databases = [];

    /// <summary>
    /// The fixture's own connections to the services' databases (resetting them): never traced, so that a test of
    /// traces, running beside another collection that resets its platform, sees only the services' spans.
    /// </summary>
    private readonly Dictionary<string, NpgsqlDataSource> untraced = [];
    private string postgres = "";
    private TestVirtualHost? virtualHost;

    public const string AllowedOrigin = "https://www.rabat-process.test";
    public const int PublicFormsLimit = 5;

    /// <summary>The publications service's file store: a temporary folder, deleted at the end.</summary>
    public string PublicationsStorage { get; } = Path.Combine(Path.GetTempPath(), $"rabat-publications-{Guid.NewGuid():N}");

    public const long PublicationsMaxUploadBytes = 256 * 1024;

    public ServiceHost<ContentApiMarker> Content { get; private set; } = null!;

    public ServiceHost<MeetingsApiMarker> Meetings { get; private set; } = null!;

    public ServiceHost<PublicationsApiMarker> Publications { get; private set; } = null!;

    public ServiceHost<SubscriptionsApiMarker> Subscriptions { get; private set; } = null!;

    public ServiceHost<SearchApiMarker> Search { get; private set; } = null!;

    /// <summary>Every service's <see cref="TimeProvider"/>: real time that a test may move forward.</summary>
    public TestClock Clock { get; } = new();

    /// <summary>The id of the key the tests' subscriptions service encrypts webhook secrets with.</summary>
    public const string WebhookSecretKeyId = "tests";

    /// <summary>The test SMTP server's Maildir (see <see cref="TestServers"/>), if any: it holds what was sent.</summary>
    public static string? Maildir { get; private set; }

    private static string? smtp;

    public ServiceHost<GatewayMarker> Gateway { get; private set; } = null!;

    public TcpProxy ContentBroker { get; private set; } = null!;

    /// <summary>The search service reaches its database through this proxy, so a test can take the database away.</summary>
    public TcpProxy SearchDatabase { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The platform's RabbitMQ virtual host (its queues: an erasure test searches them).</summary>
    public TestVirtualHost VirtualHost => virtualHost ?? throw new InvalidOperationException("not started");

    /// <summary>
    /// Whether <paramref name="name"/> is one of this platform's service databases (and not the database of another
    /// collection's platform, whose tests run in this process at the same time).
    /// </summary>
    public bool OwnsDatabase(string? name) => name is not null && databases.ContainsKey(name);

    public async Task InitializeAsync()
    {
        ActivityCollector.Start();
        MetricCollector.Start();
        var servers = await TestServers.GetAsync();
        postgres = servers.Postgres;
        virtualHost = await TestVirtualHost.CreateAsync(servers, $"rabat-test-{runId}");
        var rabbit = virtualHost.ConnectionString;
        smtp = servers.Smtp;
        Maildir = servers.Maildir;
        var rabbitUri = new Uri(rabbit);
        ContentBroker = new TcpProxy(rabbitUri.Host, rabbitUri.Port);
        var contentRabbit = new UriBuilder(rabbitUri) { Port = ContentBroker.Port }.Uri.ToString();

        // Migrations first, as their own step (as eng/run.sh and the AppHost do), then the services.
        Content = await HostAsync<ContentApiMarker, ContentDbContext>(ResourceNames.ContentDb, contentRabbit, o => new(o), ServiceTestSettings.Content());
        Meetings = await HostAsync<MeetingsApiMarker, MeetingsDbContext>(ResourceNames.MeetingsDb, rabbit, o => new(o), ServiceTestSettings.Meetings());
        Publications = await HostAsync<PublicationsApiMarker, PublicationsDbContext>(
            ResourceNames.PublicationsDb, rabbit, o => new(o), ServiceTestSettings.Publications(PublicationsStorage));
        Subscriptions = await HostAsync<SubscriptionsApiMarker, SubscriptionsDbContext>(
            ResourceNames.SubscriptionsDb, rabbit, o => new(o), ServiceTestSettings.Subscriptions());
        var postgresServer = new NpgsqlConnectionStringBuilder(postgres);
        SearchDatabase = new TcpProxy(postgresServer.Host!, postgresServer.Port);
        Search = await HostAsync<SearchApiMarker, SearchDbContext>(
            ResourceNames.SearchDb, rabbit, o => new(o), ServiceTestSettings.Search(), SearchDatabase);

        var addresses = ServiceTestSettings.Gateway(rabbit, new Dictionary<string, string>
        {
            [ResourceNames.Content] = Content.Address,
            [ResourceNames.Meetings] = Meetings.Address,
            [ResourceNames.Publications] = Publications.Address,
            [ResourceNames.Subscriptions] = Subscriptions.Address,
            [ResourceNames.Search] = Search.Address,
        });
        Gateway = new ServiceHost<GatewayMarker>(addresses).Start();
        hosts.Add(Gateway);
        Client = Gateway.CreateClient();
    }

    /// <summary>Empties every table of every service (not the migrations history) and the gateway's cache before a test.</summary>
    public async Task ResetAsync()
    {
        Clock.Reset();
        var cache = Gateway.Services.GetRequiredService<IOutputCacheStore>();
        foreach (var service in ResourceNames.Services)
        {
            await cache.EvictByTagAsync(service, default);
        }

        foreach (var database in databases.Values)
        {
            await using var connection = await Untraced(database).OpenConnectionAsync();
            await TableReset.TruncateAllAsync(connection);
        }
    }

    private NpgsqlDataSource Untraced(string connectionString)
    {
        if (!untraced.TryGetValue(connectionString, out var source))
        {
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            builder.ConfigureTracing(tracing => tracing
                .ConfigureCommandFilter(_ => false)
                .ConfigureBatchFilter(_ => false)
                .ConfigureCopyOperationFilter(_ => false)
                .EnablePhysicalOpenTracing(false));
            untraced[connectionString] = source = builder.Build();
        }

        return source;
    }

    public async Task<HttpClient> ClientAsAsync(string role, string? partnerId = null)
    {
        var response = await Client.PostAsJsonAsync("/api/auth/dev-token", new { role, partnerId });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        var client = Gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// Waits until the background loop <typeparamref name="TJob"/> of a service completed <paramref name="rounds"/>
    /// more rounds (two: at least one whole round began after the call) — how a test sees that nothing happened.
    /// </summary>
    public static Task RoundsAsync<TJob>(IServiceProvider services, int rounds = 2)
        where TJob : IHostedService
    {
        var job = services.GetServices<IHostedService>().OfType<TJob>().Single();
        var counter = (JobRounds)typeof(TJob).GetProperty("Rounds")!.GetValue(job)!;
        return counter.WaitForMoreAsync(rounds, TimeSpan.FromSeconds(30));
    }

    public async Task<T> InDbAsync<TContext, T>(IServiceProvider services, Func<TContext, Task<T>> query)
        where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        foreach (var host in Enumerable.Reverse(hosts))
        {
            await host.DisposeAsync();
        }

        if (ContentBroker is not null)
        {
            await ContentBroker.DisposeAsync();
        }

        if (SearchDatabase is not null)
        {
            await SearchDatabase.DisposeAsync();
        }

        if (virtualHost is not null)
        {
            await virtualHost.DisposeAsync();
        }

        if (Directory.Exists(PublicationsStorage))
        {
            Directory.Delete(PublicationsStorage, recursive: true);
        }

        foreach (var source in untraced.Values)
        {
            await source.DisposeAsync();
        }

        if (databases.Count == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        foreach (var name in databases.Keys)
        {
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
    }

    private async Task<ServiceHost<TMarker>> HostAsync<TMarker, TContext>(
        string connectionName, string rabbit, Func<DbContextOptions<TContext>, TContext> createContext,
        Dictionary<string, string?> extraSettings, TcpProxy? databaseProxy = null)
        where TMarker : class
        where TContext : ServiceDbContext
    {
        var database = new NpgsqlConnectionStringBuilder(postgres) { Database = $"{connectionName}_{runId}" };
        databases[database.Database!] = database.ConnectionString;
        var options = new DbContextOptionsBuilder<TContext>().UseServiceDatabase(database.ConnectionString);
        await using (var db = createContext((DbContextOptions<TContext>)options.Options))
        {
            await db.Database.MigrateAsync();
        }

        var serviceDatabase = databaseProxy is null
            ? database.ConnectionString
            : new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = databaseProxy.Port }.ConnectionString;
        var settings = new Dictionary<string, string?>(extraSettings)
        {
            [$"ConnectionStrings:{connectionName}"] = serviceDatabase,
            [$"ConnectionStrings:{ResourceNames.Messaging}"] = rabbit,
            ["Messaging:Outbox:SweepInterval"] = "00:00:00.500",
            ["Messaging:Outbox:PublishTimeout"] = "00:00:03",
            ["Messaging:Outbox:FirstRetryDelay"] = "00:00:00.500",
            ["Messaging:Outbox:MaxRetryDelay"] = "00:00:02",
            // A consumer waiting for its database retries often in tests (the production default backs off to 30 s).
            ["Messaging:Retry:TransientMinInterval"] = "00:00:00.100",
            ["Messaging:Retry:TransientMaxInterval"] = "00:00:00.500",
            ["Messaging:Retry:TransientIntervalDelta"] = "00:00:00.100",
        };
        if (smtp is not null)
        {
            settings[$"ConnectionStrings:{ResourceNames.Smtp}"] = smtp;
        }

        var host = new ServiceHost<TMarker>(settings, clock: Clock);
        hosts.Add(host);
        return host.Start();
    }

    private sealed record TokenResponse(string AccessToken, int ExpiresIn);
}
