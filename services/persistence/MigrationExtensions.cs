using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RabatPlatform.Persistence.Operations;

namespace RabatPlatform.Persistence;

public static class MigrationExtensions
{
    /// <summary>
    /// Runs the service, or, when started with the argument <c>migrate</c>, applies its EF Core migrations
    /// (creating the database if needed) and exits: migrations are a step of their own, run before the
    /// service by <c>eng/run.sh</c> and by the AppHost. With <c>redrive</c>, re-drives what the service gave
    /// up on (<see cref="Redrive"/>) and exits.
    /// </summary>
    public static async Task RunOrMigrateAsync<TContext>(this WebApplication app, string[] args)
        where TContext : ServiceDbContext
    {
        if (args.Contains("migrate", StringComparer.OrdinalIgnoreCase))
        {
            // Disposing the (never started) app flushes its telemetry: the step's logs reach the dashboard.
            await using (app)
            {
                await app.MigrateDatabaseAsync<TContext>();
            }

            return;
        }

        if (args.Contains(Redrive.Command, StringComparer.OrdinalIgnoreCase))
        {
            await using (app)
            {
                await Redrive.RunAsync<TContext>(app.Services);
            }

            return;
        }

        await app.RunAsync();
    }

    public static Task MigrateDatabaseAsync<TContext>(this IHost app, CancellationToken cancellationToken = default)
        where TContext : DbContext => app.Services.MigrateDatabaseAsync<TContext>(cancellationToken);

    public static async Task MigrateDatabaseAsync<TContext>(this IServiceProvider services, CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrationExtensions));
        if (await CreateDatabaseIfMissingAsync(db.Database.GetConnectionString(), cancellationToken) is { } created)
        {
            logger.LogInformation("Created the database {Database}", created);
        }

        // The Npgsql provider reads the history table before creating it, and on an empty database (a fresh
        // Aspire or eng/run.sh start) that failing read is logged as an error; so create the table first.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Applied {Count} migration(s) to {Database}", pending.Count, db.Database.GetDbConnection().Database);
    }

    /// <summary>
    /// Creates the service's database when it does not exist yet (the first <c>eng/run.sh</c>), through the
    /// <c>postgres</c> maintenance database: EF Core would create it too, but only after its first connection
    /// attempt has failed and been logged as an error. Returns the name of the database it created, if any;
    /// without access to <c>postgres</c> it leaves the work to EF Core.
    /// </summary>
    private static async Task<string?> CreateDatabaseIfMissingAsync(string? connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(target.Database))
        {
            return null;
        }

        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
            {
                Parameters = { new NpgsqlParameter { Value = target.Database } },
            };
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return null;
            }

            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            return target.Database;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            return null; // another migrate step created it meanwhile
        }
        catch (NpgsqlException)
        {
            return null; // no access to the maintenance database: EF Core creates the database itself
        }
    }
}
