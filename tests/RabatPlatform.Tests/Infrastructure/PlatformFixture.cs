using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}

/// <summary>
/// The whole platform in the test process: the five services and the gateway on real ports, each
/// service with its own freshly migrated database on the test PostgreSQL, all on the test RabbitMQ.
/// The content service reaches the broker through a <see cref="TcpProxy"/> so a test can cut it off.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private readonly List<IAsyncDisposable> hosts = [];
    private readonly Dictionary<string, string> databases = [];
    private string postgres = "";

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

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ActivityCollector.Start();
        MetricCollector.Start();
        var servers = await TestServers.GetAsync();
        postgres = servers.Postgres;
        var rabbit = servers.RabbitMq;
        smtp = servers.Smtp;
        Maildir = servers.Maildir;
        var rabbitUri = new Uri(rabbit);
        ContentBroker = new TcpProxy(rabbitUri.Host, rabbitUri.Port);
        var contentRabbit = new UriBuilder(rabbitUri) { Port = ContentBroker.Port }.Uri.ToString();

        // Migrations first, as their own step (as eng/run.sh and the AppHost do), then the services.
        // Each service's own test settings go in its line's dictionary.
        Content = await HostAsync<ContentApiMarker, ContentDbContext>(ResourceNames.ContentDb, contentRabbit, o => new(o), new()
        {
            ["Content:Scheduler:Interval"] = "00:00:00.200",
        });
        Meetings = await HostAsync<MeetingsApiMarker, MeetingsDbContext>(ResourceNames.MeetingsDb, rabbit, o => new(o), new()
        {
            ["Meetings:JobInterval"] = "00:00:00.200",
            ["Meetings:OfferDuration"] = "3.00:00:00",
            ["Meetings:DeadlineReminderDays"] = "7",
            ["Meetings:PersonalDataRetention"] = "30.00:00:00",
            // Correctness, not speed, is tested: on a loaded machine a rush may queue for long.
            ["Meetings:WriteQueueTimeout"] = "00:05:00",
        });
        Publications = await HostAsync<PublicationsApiMarker, PublicationsDbContext>(ResourceNames.PublicationsDb, rabbit, o => new(o), new()
        {
            ["Publications:Storage:Path"] = PublicationsStorage,
            ["Publications:MaxUploadBytes"] = PublicationsMaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Publications:Downloads:FlushInterval"] = "01:00:00", // tests flush explicitly (DownloadCounter.FlushAsync)
        });
        Subscriptions = await HostAsync<SubscriptionsApiMarker, SubscriptionsDbContext>(ResourceNames.SubscriptionsDb, rabbit, o => new(o), new()
        {
            // Webhook test receivers listen on plain http in a reserved loopback port range; nothing else private is allowed.
            // The strict address policy is set explicitly: Development's own defaults (appsettings.Development.json)
            // allow every private and loopback target, and the SSRF tests need the production policy.
            ["Webhooks:AllowHttp"] = "true",
            ["Webhooks:AllowPrivateNetworks"] = "false",
            ["Webhooks:SecretKeys:" + WebhookSecretKeyId] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Webhooks:ActiveSecretKey"] = WebhookSecretKeyId,
            ["Webhooks:AllowedTargets:0"] = $"127.0.0.1:{WebhookReceiver.FirstPort}-{WebhookReceiver.LastPort}",
            ["Webhooks:PollInterval"] = "00:00:00.100",
            // A website's links, as in production (Development's own defaults point at the local gateway's API).
            ["Subscriptions:PublicBaseUrl"] = "https://www.rabat-process.test",
            ["Subscriptions:ItemLinks"] = "Website",
            ["Subscriptions:Mail:PollInterval"] = "00:00:00.200",
            ["Subscriptions:Mail:MessagesPerSecond"] = "200",
            ["Subscriptions:Mail:FirstRetryDelay"] = "00:00:01",
        });
        Search = await HostAsync<SearchApiMarker, SearchDbContext>(ResourceNames.SearchDb, rabbit, o => new(o), new()
        {
        });

        var addresses = new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ResourceNames.Messaging}"] = rabbit,
            ["Gateway:CorsOrigins:0"] = AllowedOrigin,
            ["Gateway:PublicForms:PermitLimit"] = PublicFormsLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:PublicForms:Window"] = "00:10:00",
            ["Gateway:PerClient:PermitLimit"] = "1000000",
            [$"services:{ResourceNames.Content}:http:0"] = Content.Address,
            [$"services:{ResourceNames.Meetings}:http:0"] = Meetings.Address,
            [$"services:{ResourceNames.Publications}:http:0"] = Publications.Address,
            [$"services:{ResourceNames.Subscriptions}:http:0"] = Subscriptions.Address,
            [$"services:{ResourceNames.Search}:http:0"] = Search.Address,
        };
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
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                DO $$
                DECLARE tables text;
                BEGIN
                    SELECT string_agg(format('%I', tablename), ', ') INTO tables
                    FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__ef_migrations_history';
                    IF tables IS NOT NULL THEN EXECUTE 'TRUNCATE ' || tables || ' CASCADE'; END IF;
                END $$;
                """;
            // A service's background work may still hold locks: TRUNCATE then loses a deadlock; try again.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await command.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException ex) when ((ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable) && attempt < 5)
                {
                    await Task.Delay(200 * attempt);
                }
            }
        }
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

        if (Directory.Exists(PublicationsStorage))
        {
            Directory.Delete(PublicationsStorage, recursive: true);
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
        Dictionary<string, string?> extraSettings)
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

        var settings = new Dictionary<string, string?>(extraSettings)
        {
            [$"ConnectionStrings:{connectionName}"] = database.ConnectionString,
            [$"ConnectionStrings:{ResourceNames.Messaging}"] = rabbit,
            ["Messaging:Outbox:SweepInterval"] = "00:00:00.500",
            ["Messaging:Outbox:PublishTimeout"] = "00:00:03",
            ["Messaging:Outbox:FirstRetryDelay"] = "00:00:00.500",
            ["Messaging:Outbox:MaxRetryDelay"] = "00:00:02",
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
