using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RabatPlatform.Contracts;

namespace RabatPlatform.AppHost.Infrastructure;

/// <summary>
/// The infrastructure as processes supervised by Aspire (DCP), where no container runtime answers:
/// Debian's PostgreSQL, RabbitMQ and Redis (the first two through a small script in <c>Infrastructure/scripts</c> that
/// prepares its data directory and stops it cleanly), and aiosmtpd writing a Maildir. Each is a real
/// resource: state, health check, URLs and logs in the dashboard, stopped with the AppHost.
/// </summary>
internal static class ProcessInfrastructure
{
    public static PlatformInfrastructure Add(IDistributedApplicationBuilder builder, InfrastructureSettings settings)
    {
        var scripts = Path.Combine(builder.AppHostDirectory, "Infrastructure", "scripts");
        var data = settings.DataDirectory;
        Directory.CreateDirectory(data);

        var postgres = AddPostgres(builder, settings, scripts, Path.Combine(data, "postgres"));
        var messaging = AddRabbitMq(builder, settings, scripts, Path.Combine(data, "rabbitmq"));
        var maildir = Path.Combine(data, "smtp", "maildir");
        var smtp = AddSmtp(builder, settings, maildir);
        var redis = AddRedis(builder, settings, Path.Combine(data, "redis"));

        return new PlatformInfrastructure(
            settings,
            Generic(builder, postgres.Resource),
            Generic(builder, messaging.Resource),
            Generic(builder, smtp.Resource),
            Generic(builder, redis.Resource),
            name => Generic(builder, builder.AddResource(new ProcessDatabaseResource(name, postgres.Resource))
                .WithHealthCheck(AddNpgsqlCheck(builder, name, () => postgres.Resource.ConnectionString(name))).Resource),
            maildir);
    }

    private static IResourceBuilder<PostgresProcessResource> AddPostgres(
        IDistributedApplicationBuilder builder, InfrastructureSettings settings, string scripts, string directory)
    {
        var port = InfrastructureSettings.PortOrFree(settings.Ports.Postgres);
        var resource = new PostgresProcessResource(ResourceNames.Postgres, port, directory);
        Directory.CreateDirectory(directory);

        // The databases exist before anything waits on them (as Aspire's own PostgreSQL resource does),
        // so each service's migrations find their database instead of probing for it.
        builder.Eventing.Subscribe<ResourceReadyEvent>(resource, async (@event, cancellationToken) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            await using var connection = new NpgsqlConnection(resource.ConnectionString("postgres"));
            await connection.OpenAsync(cancellationToken);
            foreach (var database in builder.Resources.OfType<ProcessDatabaseResource>().Where(d => d.Parent == resource))
            {
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
                {
                    Parameters = { new() { Value = database.Name } },
                };
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Name}\"", connection);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }

                // Aspire passes a parent's state on to its children only for containers: say it here, so
                // that the database's health check runs and what waits for it can go on.
                await notifications.PublishUpdateAsync(database, snapshot => snapshot with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = DateTime.UtcNow,
                });
            }
        });

        return builder.AddResource(resource)
            .WithArgs(Path.Combine(scripts, "postgres.sh"), directory, port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                settings.Durable ? "durable" : "fast")
            .WithEndpoint(name: "tcp", port: port, targetPort: port, scheme: "tcp", isProxied: false)
            .WithIconName("DatabaseMultiple")
            .WithHealthCheck(AddNpgsqlCheck(builder, ResourceNames.Postgres, () => resource.ConnectionString("postgres")));
    }

    private static IResourceBuilder<RabbitMqProcessResource> AddRabbitMq(
        IDistributedApplicationBuilder builder, InfrastructureSettings settings, string scripts, string directory)
    {
        var port = InfrastructureSettings.PortOrFree(settings.Ports.RabbitMq);
        var management = InfrastructureSettings.PortOrFree(settings.Ports.RabbitMqManagement);
        var resource = new RabbitMqProcessResource(ResourceNames.Messaging, port, directory);
        Directory.CreateDirectory(directory);

        var healthCheck = $"{ResourceNames.Messaging}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => new AmqpHealthCheck(resource.Uri), failureStatus: null, tags: null));

        return builder.AddResource(resource)
            .WithArgs(Path.Combine(scripts, "rabbitmq.sh"), directory, settings.RabbitMqNode,
                port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                management.ToString(System.Globalization.CultureInfo.InvariantCulture),
                InfrastructureSettings.PortOrFree(0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                InfrastructureSettings.PortOrFree(0).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEndpoint(name: "tcp", port: port, targetPort: port, scheme: "amqp", isProxied: false)
            .WithHttpEndpoint(name: "management", port: management, targetPort: management, isProxied: false)
            .WithUrlForEndpoint("management", url => url.DisplayText = "Management UI (guest/guest)")
            .WithIconName("Mailbox")
            .WithHealthCheck(healthCheck);
    }

    private static IResourceBuilder<SmtpProcessResource> AddSmtp(
        IDistributedApplicationBuilder builder, InfrastructureSettings settings, string maildir)
    {
        var port = InfrastructureSettings.PortOrFree(settings.Ports.Smtp);
        foreach (var folder in new[] { "cur", "new", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(maildir, folder));
        }

        var resource = new SmtpProcessResource(ResourceNames.Smtp, port, Path.GetDirectoryName(maildir)!);
        var healthCheck = $"{ResourceNames.Smtp}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => new SmtpHealthCheck(port), failureStatus: null, tags: null));

        // Debian's python (the one on PATH may be a build without aiosmtpd); the Mailbox handler
        // writes each message as a file in the Maildir's new/ folder.
        return builder.AddResource(resource)
            // Through bash only to send its stderr (where Python logs) to stdout: the dashboard shows stderr as errors.
            .WithArgs("-c", $"exec 2>&1; exec /usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:{port} -c aiosmtpd.handlers.Mailbox \"$0\"", maildir)
            .WithEnvironment("PYTHONUNBUFFERED", "1")
            .WithEndpoint(name: "smtp", port: port, targetPort: port, scheme: "smtp", isProxied: false)
            .WithIconName("Mail")
            .WithHealthCheck(healthCheck);
    }

    /// <summary>
    /// Debian's <c>redis-server</c> on 127.0.0.1, in the foreground, logging to stdout, with no persistence: it
    /// holds the gateway's cache and rate-limit windows, which a restart may lose (an empty cache is always
    /// right; a stale one restored from disk after missed evictions would not be). SIGTERM stops it cleanly.
    /// </summary>
    private static IResourceBuilder<RedisProcessResource> AddRedis(
        IDistributedApplicationBuilder builder, InfrastructureSettings settings, string directory)
    {
        var port = InfrastructureSettings.PortOrFree(settings.Ports.Redis);
        Directory.CreateDirectory(directory);
        var resource = new RedisProcessResource(ResourceNames.Redis, port, directory);
        var healthCheck = $"{ResourceNames.Redis}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => new RedisPingHealthCheck(port), failureStatus: null, tags: null));

        return builder.AddResource(resource)
            .WithArgs("--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--dir", directory, "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--protected-mode", "yes")
            .WithEndpoint(name: "tcp", port: port, targetPort: port, scheme: "redis", isProxied: false)
            .WithIconName("Memory")
            .WithHealthCheck(healthCheck);
    }

    private static string AddNpgsqlCheck(IDistributedApplicationBuilder builder, string name, Func<string> connectionString)
    {
        var key = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(_ => connectionString(), name: key);
        return key;
    }

    private static IResourceBuilder<IResourceWithConnectionString> Generic(IDistributedApplicationBuilder builder, IResourceWithConnectionString resource) =>
        builder.CreateResourceBuilder(resource);
}
