using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence.Inbox;
using RabatPlatform.Persistence.Operations;
using RabatPlatform.Persistence.Outbox;

namespace RabatPlatform.Persistence;

public static class PersistenceExtensions
{
    /// <summary>
    /// Registers the service's DbContext on its own PostgreSQL database (connection string
    /// <paramref name="connectionName"/>, e.g. <c>contentdb</c>), its outbox dispatcher, a readiness check, and
    /// the inbox on every consumer endpoint (<see cref="InboxFilter{T}"/>, which resolves the context as
    /// <see cref="ServiceDbContext"/> from the message's scope).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : ServiceDbContext
    {
        builder.Services.AddSingleton<OutboxSignal<TContext>>();
        // A consumer whose database is away waits for it (RabatPlatform.Messaging retries such failures without limit).
        builder.Services.AddSingleton<ITransientFailure, PostgresTransientFailure>();
        // Every service erases its copies of an erased address (outbox payloads, _error messages) on the event.
        builder.Services.AddSingleton<ITransientFailure, ErasureWaitsForPendingEvents>();
        builder.AddPlatformConsumers(bus => bus.AddConsumer<PersonalDataErasureConsumer>());
        // Pooled contexts: a request or message leases a context (and its model, services and interceptor) instead
        // of building one; the scope's disposal returns it. The interceptor keeps no state of its own, and the
        // context's outbox/commit lists are cleared at each lease (ServiceDbContext.ClearPendingState).
        builder.Services.AddPooledDbContextFactory<TContext>((sp, options) => options
            .UseServiceDatabase(MessagingExtensions.RequiredConnectionString(sp.GetRequiredService<IConfiguration>(), connectionName))
            .AddInterceptors(new OutboxCommitInterceptor<TContext>(sp.GetRequiredService<OutboxSignal<TContext>>())));
        builder.Services.AddScoped<TContext>(sp =>
        {
            var context = sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
            context.ClearPendingState();
            return context;
        });

        builder.Services.AddScoped<ServiceDbContext>(sp => sp.GetRequiredService<TContext>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IReceiveEndpointConvention, InboxConvention>());

        builder.Services.TryAddTimeProvider();
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section);
        builder.Services.AddHostedService<OutboxDispatcher<TContext>>();
        builder.Services.AddWarmupStep<PersistenceWarmup<TContext>>();
        OutboxDrill.AddIfConfigured(builder); // fault drills only: off unless Drills:KillAfterPublishes is set
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>(connectionName, tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// The platform's database conventions: PostgreSQL, snake_case names, one migrations history table, and
    /// database spans only where they belong to a traced operation (<see cref="TraceOnlyInsideAnOperation"/>).
    /// </summary>
    public static DbContextOptionsBuilder UseServiceDatabase(this DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(WithAutoPrepare(connectionString), npgsql => npgsql
                .MigrationsHistoryTable("__ef_migrations_history")
                .ConfigureDataSource(dataSource => dataSource.ConfigureTracing(TraceOnlyInsideAnOperation)))
            .UseSnakeCaseNamingConvention();

    /// <summary>
    /// Npgsql prepares a statement automatically once it has run twice on a connection (planned once, then only
    /// executed), up to 64 statements per connection — unless the connection string already says otherwise.
    /// </summary>
    internal static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare > 0)
        {
            return connectionString;
        }

        builder.MaxAutoPrepare = 64;
        builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }

    /// <summary>
    /// A database command makes a span only inside an operation that is itself traced (an HTTP request, a
    /// consumer, an outbox dispatch, a scheduler round that found work). A command with no parent activity —
    /// a background loop polling an idle table every few seconds — would otherwise be a root trace of its
    /// own and bury the traces operators look for. Physical connection opens are not traced for the same
    /// reason (the pool opens them outside any operation); their time stays inside the parent's span.
    /// </summary>
    public static void TraceOnlyInsideAnOperation(NpgsqlTracingOptionsBuilder tracing) => tracing
        .ConfigureCommandFilter(_ => Activity.Current is not null)
        .ConfigureBatchFilter(_ => Activity.Current is not null)
        .ConfigureCopyOperationFilter(_ => Activity.Current is not null)
        .EnablePhysicalOpenTracing(false);

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
