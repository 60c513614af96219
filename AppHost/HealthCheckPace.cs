using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RabatPlatform.AppHost;

/// <summary>
/// Checks a resource that is not healthy yet every <see cref="Step"/> instead of Aspire's 1, 2, 3, 4, then 5 s.
/// </summary>
/// <remarks>
/// Aspire re-checks an unhealthy resource after 1 s, then 2 s, … up to 5 s between checks, so a resource that
/// turns healthy is seen up to 5 s late, and everything that waits for it (the services wait for RabbitMQ's
/// and PostgreSQL's health) starts that much later: on this machine about 4 s of the cold start (issue 16,
/// bench/coldstart.sh). Our checks are one local TCP/HTTP exchange each, so checking often costs nothing.
/// Aspire exposes no setting for the pace; the interval is an internal property of its health-check service,
/// set here by reflection. When a later Aspire renames it, nothing breaks: the AppHost logs that it keeps
/// Aspire's pace.
/// </remarks>
internal static class HealthCheckPace
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    public static DistributedApplication Quicken(this DistributedApplication app)
    {
        var service = app.Services.GetServices<IHostedService>()
            .FirstOrDefault(s => s.GetType().FullName == "Aspire.Hosting.Health.ResourceHealthCheckService");
        var interval = service?.GetType().GetProperty("NonHealthyHealthCheckStepInterval", BindingFlags.Instance | BindingFlags.NonPublic);
        if (interval?.PropertyType == typeof(TimeSpan) && interval.CanWrite)
        {
            interval.SetValue(service, Step);
        }
        else
        {
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HealthCheckPace))
                .LogInformation("Aspire's health checks keep their own pace (no NonHealthyHealthCheckStepInterval found)");
        }

        return app;
    }
}
