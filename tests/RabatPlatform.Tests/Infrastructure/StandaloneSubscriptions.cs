using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>
/// A second subscriptions service with none of the fixture's test settings: only what a deployment must give it
/// (its database, a broker, secrets outside Development), so it runs on the defaults its environment gets from
/// appsettings*.json and code. Its own freshly migrated database (dropped at the end) and an unreachable broker, so
/// it never takes a message from the platform's queues or a row from the platform's tables.
/// </summary>
public sealed class StandaloneSubscriptions : IAsyncDisposable
{
    private readonly string postgres;
    private readonly string database;

    private StandaloneSubscriptions(string postgres, string database, ServiceHost<SubscriptionsApiMarker> host)
    {
        this.postgres = postgres;
        this.database = database;
        Host = host;
    }

    public ServiceHost<SubscriptionsApiMarker> Host { get; }

    /// <summary>
    /// Settings every environment but Development requires: the keys of the newsletter's tokens and of the webhook
    /// secrets, and a token issuer: a signing key of its own (never the published development key), with which
    /// <see cref="SecretariatClient"/> signs the test's tokens.
    /// </summary>
    public static Dictionary<string, string?> ProductionSecrets() => new()
    {
        ["Authentication:DevSigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
        ["Subscriptions:TokenKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["Subscriptions:HashPepper"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
        ["Webhooks:SecretKeys:k1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["Webhooks:ActiveSecretKey"] = "k1",
    };

    /// <summary>Starts the service in <paramref name="environment"/>; on Kestrel when a gateway must reach it.</summary>
    public static async Task<StandaloneSubscriptions> StartAsync(
        string environment, Dictionary<string, string?>? settings = null, bool kestrel = false)
    {
        var servers = await TestServers.GetAsync();
        var postgres = servers.Postgres;
        var name = $"{ResourceNames.SubscriptionsDb}_{environment.ToLowerInvariant()}_{Guid.NewGuid():N}"[..48];
        var connection = new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString;
        var options = new DbContextOptionsBuilder<SubscriptionsDbContext>().UseServiceDatabase(connection);
        await using (var db = new SubscriptionsDbContext((DbContextOptions<SubscriptionsDbContext>)options.Options))
        {
            await db.Database.MigrateAsync();
        }

        var all = new Dictionary<string, string?>(settings ?? [])
        {
            [$"ConnectionStrings:{ResourceNames.SubscriptionsDb}"] = connection,
            [$"ConnectionStrings:{ResourceNames.Messaging}"] = "amqp://guest:guest@127.0.0.1:9/",
            ["Logging:LogLevel:MassTransit"] = "None", // the unreachable broker is on purpose: no reconnection noise
        };
        if (servers.Smtp is not null)
        {
            all[$"ConnectionStrings:{ResourceNames.Smtp}"] = servers.Smtp;
        }

        try
        {
            return new StandaloneSubscriptions(postgres, name, new ServiceHost<SubscriptionsApiMarker>(all, environment).Start(kestrel));
        }
        catch
        {
            await DropAsync(postgres, name);
            throw;
        }
    }

    /// <summary>A client of the service itself (not through the gateway) with a Secretariat token signed with its own key.</summary>
    public HttpClient SecretariatClient()
    {
        var options = Host.Services.GetRequiredService<PlatformAuthenticationOptions>();
        var development = Host.Services.GetRequiredService<IHostEnvironment>().IsDevelopment();
        var (token, _) = new DevTokenIssuer(options, options.GetDevSigningKey(development)!, TimeProvider.System).Issue(PlatformRoles.Secretariat, null);
        var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await DropAsync(postgres, database);
    }

    private static async Task DropAsync(string postgres, string name)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var drop = connection.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        await drop.ExecuteNonQueryAsync();
    }
}
