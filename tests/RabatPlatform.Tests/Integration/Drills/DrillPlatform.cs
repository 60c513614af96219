using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RabatPlatform.Content.Data;
using Microsoft.Extensions.Hosting;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence;
using RabatPlatform.Search.Data;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Drills;

/// <summary>The fault drills: services as child processes that the drills kill, beside the other collections.</summary>
[CollectionDefinition(Name)]
public sealed class DrillsCollection : ICollectionFixture<DrillPlatform>
{
    public const string Name = "drills";
}

/// <summary>
/// The platform of the fault drills: the content service (the writer: <c>news.published</c> through its outbox)
/// and the search service (the consumer: inbox, index, and one <c>search.index_updated</c> outbox row per
/// application) as <b>child processes</b> of their built dlls, so a drill can SIGKILL them. Their databases
/// (freshly migrated) and RabbitMQ virtual host are the drills' own on the tests' servers. Both services reach
/// the broker through one <see cref="TcpProxy"/> (<see cref="Broker"/>: cutting it is, to them, RabbitMQ gone),
/// and search reaches its database through another (<see cref="SearchDatabase"/>).
/// </summary>
public sealed class DrillPlatform : IAsyncLifetime
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private readonly IReadOnlyDictionary<string, string>? messaging;
    private TestVirtualHost? virtualHost;
    private string postgres = "";

    public DrillPlatform()
    {
    }

    /// <summary>
    /// A platform whose services reach a broker of the drill's own (the cluster drill's three nodes) with these
    /// messaging settings, directly: no virtual host on the tests' node, no <see cref="Broker"/> proxy.
    /// </summary>
    internal DrillPlatform(IReadOnlyDictionary<string, string> messaging) => this.messaging = messaging;

    public DrillScale Scale { get; } = DrillScale.Current;

    /// <summary>The proxy in front of the tests' RabbitMQ node (none when the platform has a broker of its own).</summary>
    public TcpProxy Broker { get; private set; } = null!;

    public TcpProxy SearchDatabase { get; private set; } = null!;

    public ServiceProcess Content { get; private set; } = null!;

    public ServiceProcess Search { get; private set; } = null!;

    public string ContentDatabase { get; private set; } = "";

    public string SearchDatabaseDirect { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        postgres = servers.Postgres;
        var common = Scale.ServiceSettings();
        if (messaging is null)
        {
            virtualHost = await TestVirtualHost.CreateAsync(servers, $"rabat-drill-{runId}");
            var rabbit = new Uri(virtualHost.ConnectionString);
            Broker = new TcpProxy(rabbit.Host, rabbit.Port);
            common[$"ConnectionStrings__{ResourceNames.Messaging}"] = new UriBuilder(rabbit) { Host = "127.0.0.1", Port = Broker.Port }.Uri.ToString();
        }
        else
        {
            foreach (var (key, value) in messaging)
            {
                common[key] = value;
            }
        }

        ContentDatabase = await CreateDatabaseAsync<ContentDbContext>(ResourceNames.ContentDb, o => new(o));
        SearchDatabaseDirect = await CreateDatabaseAsync<SearchDbContext>(ResourceNames.SearchDb, o => new(o));
        var server = new NpgsqlConnectionStringBuilder(postgres);
        SearchDatabase = new TcpProxy(server.Host!, server.Port);
        var searchThroughProxy = new NpgsqlConnectionStringBuilder(SearchDatabaseDirect) { Host = "127.0.0.1", Port = SearchDatabase.Port }.ConnectionString;

        Content = new ServiceProcess(ResourceNames.Content, new(common) { [$"ConnectionStrings__{ResourceNames.ContentDb}"] = ContentDatabase });
        Search = new ServiceProcess(ResourceNames.Search, new(common) { [$"ConnectionStrings__{ResourceNames.SearchDb}"] = searchThroughProxy });
        await Task.WhenAll(Content.StartAsync(), Search.StartAsync());
    }

    /// <summary>Before a drill: both services running, their tables empty, nothing cut.</summary>
    public async Task ResetAsync()
    {
        Broker?.Restore();
        SearchDatabase.Restore();
        await Task.WhenAll(
            Content.Running ? Task.CompletedTask : Content.StartAsync(),
            Search.Running ? Task.CompletedTask : Search.StartAsync());
        foreach (var database in new[] { ContentDatabase, SearchDatabaseDirect })
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await TableReset.TruncateAllAsync(connection);
        }
    }

    /// <summary>A client of the content service (the child process) with a development secretariat token.</summary>
    public HttpClient Secretariat()
    {
        var options = new PlatformAuthenticationOptions();
        var (token, _) = new DevTokenIssuer(options, options.GetDevSigningKey(isDevelopment: true)!, TimeProvider.System)
            .Issue(PlatformRoles.Secretariat, null);
        var client = new HttpClient { BaseAddress = Content.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        await Content.DisposeAsync();
        await Search.DisposeAsync();
        if (Broker is not null)
        {
            await Broker.DisposeAsync();
        }

        await SearchDatabase.DisposeAsync();
        if (virtualHost is not null)
        {
            await virtualHost.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        foreach (var database in new[] { ContentDatabase, SearchDatabaseDirect }.Where(d => d.Length > 0))
        {
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(database).Database}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
    }

    private async Task<string> CreateDatabaseAsync<TContext>(string name, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : ServiceDbContext
    {
        var database = new NpgsqlConnectionStringBuilder(postgres) { Database = $"{name}_drill_{runId}" }.ConnectionString;
        var options = new DbContextOptionsBuilder<TContext>().UseServiceDatabase(database);
        await using var db = create((DbContextOptions<TContext>)options.Options);
        await db.Database.MigrateAsync();
        return database;
    }
}
