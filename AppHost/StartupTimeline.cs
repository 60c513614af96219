using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RabatPlatform.AppHost;

/// <summary>
/// Where a start's time goes: one log line per resource when it first starts running, turns healthy, or
/// finishes (the migrations steps), with the time since the AppHost began starting resources
/// ("Startup: content Healthy at +12.4 s"). bench/coldstart.sh reads these lines.
/// </summary>
internal static class StartupTimeline
{
    public static void Register(IDistributedApplicationBuilder builder)
    {
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, cancellationToken) =>
        {
            var services = @event.Services;
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("RabatPlatform.AppHost.Startup");
            var notifications = services.GetRequiredService<ResourceNotificationService>();
            var resourceLogs = services.GetRequiredService<ResourceLoggerService>();
            var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var started = Stopwatch.StartNew();
            _ = WatchAsync(notifications, resourceLogs, logger, started, stopping);
            return Task.CompletedTask;
        });
    }

    private static async Task WatchAsync(ResourceNotificationService notifications, ResourceLoggerService resourceLogs, ILogger logger, Stopwatch started, CancellationToken stopping)
    {
        var seen = new HashSet<(string Resource, string Milestone)>();
        try
        {
            await foreach (var update in notifications.WatchAsync(stopping))
            {
                var name = update.Resource.Name;
                var state = update.Snapshot.State?.Text;
                string? milestone = state switch
                {
                    "Running" when update.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy => "Healthy",
                    "Running" => "Running",
                    "Finished" or "Exited" => "Finished",
                    _ => null,
                };
                if (milestone == "Healthy" && seen.Add((name, "Running")))
                {
                    logger.LogInformation("Startup: {Resource} {Milestone} at +{Seconds:F1} s", name, "Running", started.Elapsed.TotalSeconds);
                }

                if (milestone is not null && seen.Add((name, milestone)))
                {
                    logger.LogInformation("Startup: {Resource} {Milestone} at +{Seconds:F1} s", name, milestone, started.Elapsed.TotalSeconds);
                    if (milestone == "Finished" && update.Snapshot.ExitCode is int code and not 0)
                    {
                        _ = LogLastLinesAsync(resourceLogs, logger, update.ResourceId, code);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// A process that exits with an error during the start (a service that crashed, a failed migration) is otherwise
    /// only visible in the dashboard; with the dashboard off (bench/coldstart.sh, CI) its last lines are the only trace.
    /// </summary>
    private static async Task LogLastLinesAsync(ResourceLoggerService resourceLogs, ILogger logger, string resourceId, int exitCode)
    {
        var lines = new List<string>();
        await foreach (var batch in resourceLogs.GetAllAsync(resourceId))
        {
            lines.AddRange(batch.Select(line => line.Content));
        }

        logger.LogWarning("Startup: {Resource} exited with code {ExitCode}; its last lines:{NewLine}{Lines}",
            resourceId, exitCode, Environment.NewLine, string.Join(Environment.NewLine, lines.TakeLast(LastLines)));
    }

    private const int LastLines = 30;
}
