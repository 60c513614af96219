using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RabatPlatform.Messaging;

public static class MigrationExtensions
{
    /// <summary>
    /// Runs the service, or, when started with the argument <c>migrate</c>, applies its EF Core migrations
    /// (creating the database if needed) and exits: migrations are a step of their own, run before the
    /// service by <c>eng/run.sh</c> and by the AppHost.
    /// </summary>
    public static async Task RunOrMigrateAsync<TContext>(this WebApplication app, string[] args)
        where TContext : DbContext
    {
        if (args.Contains("migrate", StringComparer.OrdinalIgnoreCase))
        {
            await app.MigrateDatabaseAsync<TContext>();
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
        // Npgsql's history repository answers "exists" without looking (npgsql/efcore.pg#3407), so on a new
        // database EF Core selects from a history table that is not there yet, and EF Core and PostgreSQL
        // both log that as an error: create the (empty) table first, as EF Core itself would.
        var history = db.GetService<IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Applied {Count} migration(s) to {Database}", pending, db.Database.GetDbConnection().Database);
    }
}
