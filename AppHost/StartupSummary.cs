using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabatPlatform.AppHost.Infrastructure;
using RabatPlatform.Contracts;

namespace RabatPlatform.AppHost;

/// <summary>What an operator needs at start: the mode, the gateway, where mail and data go.</summary>
internal static class StartupSummary
{
    public static void Register(IDistributedApplicationBuilder builder, PlatformInfrastructure infrastructure, PlatformSettings platform)
    {
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RabatPlatform.AppHost");
            var settings = infrastructure.Settings;
            logger.LogInformation("Infrastructure: {Mode} (Infrastructure:Mode), data in {DataDirectory}", settings.Mode, settings.DataDirectory);
            if (platform.Services)
            {
                logger.LogInformation("Gateway: http://localhost:{Port} (API reference at /docs)", platform.GatewayPort);
            }

            logger.LogInformation(
                infrastructure.Maildir is { } maildir
                    ? $"Mail: every message is a file in {maildir}/new"
                    : $"Mail: Mailpit's web UI, the '{ResourceNames.Smtp}' resource's http URL");
            return Task.CompletedTask;
        });

        // DATA/infrastructure.env: the connection strings of the infrastructure, written once each server is
        // healthy, for scripts that run the infrastructure alone (the benchmarks, eng/lib/infrastructure.sh).
        var file = Path.Combine(infrastructure.Settings.DataDirectory, "infrastructure.env");
        File.Delete(file);
        var written = new SemaphoreSlim(1, 1);
        foreach (var (resource, variable) in new[]
        {
            (infrastructure.Postgres, "RABAT_POSTGRES"),
            (infrastructure.Messaging, "RABAT_RABBITMQ"),
            (infrastructure.Smtp, "RABAT_SMTP"),
            (infrastructure.Redis, "RABAT_REDIS"),
        })
        {
            builder.Eventing.Subscribe<ResourceReadyEvent>(resource.Resource, async (_, cancellationToken) =>
            {
                var value = await resource.Resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
                await written.WaitAsync(cancellationToken);
                try
                {
                    await File.AppendAllTextAsync(file, $"{variable}='{value?.Replace("'", "'\\''", StringComparison.Ordinal)}'\n", cancellationToken);
                }
                finally
                {
                    written.Release();
                }
            });
        }
    }
}
