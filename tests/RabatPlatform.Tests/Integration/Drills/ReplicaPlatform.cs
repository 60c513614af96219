using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features.Partners;
using RabatPlatform.Persistence;
using RabatPlatform.Publications.Data;
using RabatPlatform.Search.Data;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Drills;

/// <summary>The replica drills: two child-process replicas of each service, beside the other collections.</summary>
[CollectionDefinition(Name)]
public sealed class ReplicaDrillsCollection : ICollectionFixture<ReplicaPlatform>
{
    public const string Name = "replica-drills";
}

/// <summary>
/// The platform of the replica drills (issue 18): <b>two</b> replicas each of content, search, meetings,
/// subscriptions and publications, every one a child process of its built dll (<see cref="ServiceProcess"/>) that a drill can
/// SIGKILL, the two replicas of a service on one database (freshly migrated, the drills' own) and all of them on
/// one RabbitMQ virtual host of their own: the replicas of a service compete on its queues, as pods behind a
/// Service do. Subscriptions sends mail to the tests' SMTP server, whose Maildir the drills read. Publications keeps
/// its files in its database (<c>Publications:Storage:Kind=Database</c>), so a file uploaded through one replica
/// downloads from the other, as replicas without a shared volume do.
/// </summary>
public sealed class ReplicaPlatform : IAsyncLifetime
{
    public const int ReplicasPerService = 2;

    /// <summary>The delegation the drills register delegates for, and the meeting's co-chairs (partners the meetings service must know).</summary>
    public const string Delegation = "ES";

    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<string, string> databases = [];
    private TestVirtualHost? virtualHost;
    private HttpClient? management;
    private string virtualHostName = "";
    private string postgres = "";

    public DrillScale Scale { get; } = DrillScale.Current;

    /// <summary>The replicas of each service, by service name (<see cref="ResourceNames"/>).</summary>
    public IReadOnlyDictionary<string, ServiceProcess[]> Replicas { get; private set; } = new Dictionary<string, ServiceProcess[]>();

    public string ContentDatabase => databases[ResourceNames.Content];

    public string SearchDatabase => databases[ResourceNames.Search];

    public string MeetingsDatabase => databases[ResourceNames.Meetings];

    public string SubscriptionsDatabase => databases[ResourceNames.Subscriptions];

    public string PublicationsDatabase => databases[ResourceNames.Publications];

    /// <summary>The test SMTP server's Maildir: what the subscriptions replicas sent.</summary>
    public string Maildir { get; private set; } = "";

    /// <summary>
    /// How long a mail claimed by a sender that died stays claimed before another replica takes it over
    /// (<c>Subscriptions:Mail:ClaimTimeout</c>; the production default is 5 minutes, which a drill would wait out).
    /// </summary>
    public TimeSpan MailClaimTimeout => Scale.Full ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(10);

    public async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        postgres = servers.Postgres;
        Maildir = servers.Maildir ?? throw new InvalidOperationException("The replica drills read the test SMTP server's Maildir (process mode).");
        virtualHostName = $"rabat-replicas-{runId}";
        virtualHost = await TestVirtualHost.CreateAsync(servers, virtualHostName);
        management = ManagementClient(servers);

        await Task.WhenAll(
            CreateDatabaseAsync<ContentDbContext>(ResourceNames.Content, ResourceNames.ContentDb, o => new(o)),
            CreateDatabaseAsync<SearchDbContext>(ResourceNames.Search, ResourceNames.SearchDb, o => new(o)),
            CreateDatabaseAsync<MeetingsDbContext>(ResourceNames.Meetings, ResourceNames.MeetingsDb, o => new(o)),
            CreateDatabaseAsync<SubscriptionsDbContext>(ResourceNames.Subscriptions, ResourceNames.SubscriptionsDb, o => new(o)),
            CreateDatabaseAsync<PublicationsDbContext>(ResourceNames.Publications, ResourceNames.PublicationsDb, o => new(o)));
        await using (var meetings = MeetingsDb())
        {
            // The partners the meetings service would have from partner.registered: the co-chairs and the delegation.
            foreach (var code in new[] { "ES", "MA" })
            {
                meetings.Partners.Add(new Partner
                {
                    Code = code, Type = "country", Status = "partner", SourceTime = DateTimeOffset.UtcNow,
                    Names = new() { ["fr"] = $"Partenaire {code}", ["en"] = $"Partner {code}" },
                });
            }

            await meetings.SaveChangesAsync();
        }

        var common = Scale.ServiceSettings();
        common[$"ConnectionStrings__{ResourceNames.Messaging}"] = virtualHost.ConnectionString;
        var extra = new Dictionary<string, Dictionary<string, string>>
        {
            [ResourceNames.Content] = new() { [$"ConnectionStrings__{ResourceNames.ContentDb}"] = ContentDatabase },
            [ResourceNames.Search] = new() { [$"ConnectionStrings__{ResourceNames.SearchDb}"] = SearchDatabase },
            [ResourceNames.Meetings] = new()
            {
                [$"ConnectionStrings__{ResourceNames.MeetingsDb}"] = MeetingsDatabase,
                // The clockwork (window announcements) every second on both replicas: the drills check it acts once.
                ["Meetings__JobInterval"] = "00:00:01",
            },
            [ResourceNames.Subscriptions] = new()
            {
                [$"ConnectionStrings__{ResourceNames.SubscriptionsDb}"] = SubscriptionsDatabase,
                [$"ConnectionStrings__{ResourceNames.Smtp}"] = servers.Smtp ?? throw new InvalidOperationException("No test SMTP server."),
                ["Subscriptions__Mail__ClaimTimeout"] = MailClaimTimeout.ToString("c"),
                ["Subscriptions__Mail__PollInterval"] = Scale.Full ? "00:00:02" : "00:00:00.500",
            },
            [ResourceNames.Publications] = new()
            {
                [$"ConnectionStrings__{ResourceNames.PublicationsDb}"] = PublicationsDatabase,
                // The files in the shared database: both replicas serve every file, whichever took the upload.
                ["Publications__Storage__Kind"] = "Database",
            },
        };
        Replicas = extra.ToDictionary(
            s => s.Key,
            s => Enumerable.Range(0, ReplicasPerService)
                .Select(i => new ServiceProcess(s.Key, new Dictionary<string, string>(common.Concat(s.Value)), ((char)('a' + i)).ToString()))
                .ToArray());
        await Task.WhenAll(Replicas.Values.SelectMany(r => r).Select(r => r.StartAsync(timeout: TimeSpan.FromMinutes(3))));
    }

    /// <summary>Before a drill: every replica running; the news and publications tables (content's, publications' and search's) empty.</summary>
    public async Task ResetAsync()
    {
        await Task.WhenAll(Replicas.Values.SelectMany(r => r).Where(r => !r.Running).Select(r => r.StartAsync()));
        foreach (var database in new[] { ContentDatabase, SearchDatabase, PublicationsDatabase })
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await TableReset.TruncateAllAsync(connection);
        }
    }

    /// <summary>A development secretariat token (every replica accepts it in Development).</summary>
    public static string SecretariatToken()
    {
        var options = new PlatformAuthenticationOptions();
        var (token, _) = new DevTokenIssuer(options, options.GetDevSigningKey(isDevelopment: true)!, TimeProvider.System)
            .Issue(PlatformRoles.Secretariat, null);
        return token;
    }

    /// <summary>The HTTP clients of a service's replicas, round-robin with fail-over, as a load balancer in front of them.</summary>
    public ReplicaClients Clients(string service) => new(Replicas[service], SecretariatToken());

    public MeetingsDbContext MeetingsDb() =>
        new((DbContextOptions<MeetingsDbContext>)new DbContextOptionsBuilder<MeetingsDbContext>().UseServiceDatabase(MeetingsDatabase).Options);

    public SubscriptionsDbContext SubscriptionsDb() =>
        new((DbContextOptions<SubscriptionsDbContext>)new DbContextOptionsBuilder<SubscriptionsDbContext>().UseServiceDatabase(SubscriptionsDatabase).Options);

    /// <summary>
    /// The consumers of each durable queue of the virtual host, from RabbitMQ's list of consumers (each replica of a
    /// service holds one on each of its queues; a killed one's go with its connection).
    /// </summary>
    public async Task<Dictionary<string, int>> ConsumersAsync()
    {
        var consumers = await management!.GetFromJsonAsync<List<ConsumerInfo>>($"/api/consumers/{Uri.EscapeDataString(virtualHostName)}") ?? [];
        return consumers.Where(c => c.Queue is { Name.Length: > 0 }).GroupBy(c => c.Queue!.Name).ToDictionary(g => g.Key, g => g.Count());
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in Replicas.Values.SelectMany(r => r))
        {
            await replica.DisposeAsync();
        }

        if (virtualHost is not null)
        {
            await virtualHost.DisposeAsync();
        }

        management?.Dispose();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        foreach (var database in databases.Values)
        {
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(database).Database}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static HttpClient ManagementClient(TestInfrastructure servers)
    {
        var broker = new Uri(servers.RabbitMq);
        var credentials = Uri.UnescapeDataString(broker.UserInfo is { Length: > 0 } info ? info : "guest:guest");
        var client = new HttpClient { BaseAddress = servers.RabbitMqManagement, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return client;
    }

    private async Task CreateDatabaseAsync<TContext>(string service, string name, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : ServiceDbContext
    {
        var database = new NpgsqlConnectionStringBuilder(postgres) { Database = $"{name}_replicas_{runId}" }.ConnectionString;
        lock (databases)
        {
            databases[service] = database;
        }

        var options = new DbContextOptionsBuilder<TContext>().UseServiceDatabase(database);
        await using var db = create((DbContextOptions<TContext>)options.Options);
        await db.Database.MigrateAsync();
    }

    private sealed record ConsumerInfo(QueueName? Queue);

    private sealed record QueueName(string Name);
}
