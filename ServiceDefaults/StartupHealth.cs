using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Readiness of what comes up after the process itself (the MassTransit bus; for the gateway, each service):
/// until such a check has passed once, and for at most <see cref="Grace"/>, a failure means "starting", not
/// "broken". It is reported <see cref="HealthStatus.Degraded"/> with the description <c>starting: …</c>:
/// <c>/health</c> still answers 503 (Degraded is not ready), but a normal start logs no error — the health
/// check service logs Degraded results at Warning, and ServiceDefaults keeps that category at Error.
/// After the first pass, or once the grace has run out, a failure is Unhealthy and logged as an error.
/// </summary>
public sealed class StartupHealth(TimeProvider time)
{
    /// <summary>The tag of the health checks whose failures are "starting" until they first pass.</summary>
    public const string Tag = "startup";

    /// <summary>How long after the process is set up a check that never passed may still be "starting".</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    private readonly long since = time.GetTimestamp();
    private readonly ConcurrentDictionary<string, bool> passed = new();

    /// <summary>True while <paramref name="check"/> has never passed and the grace has not run out.</summary>
    public bool IsStarting(string check) => !passed.ContainsKey(check) && time.GetElapsedTime(since) < Grace;

    public void Passed(string check) => passed.TryAdd(check, true);

    /// <summary>The result to report for <paramref name="check"/>: a failure while starting becomes Degraded "starting: …".</summary>
    public HealthCheckResult Report(string check, HealthCheckResult result)
    {
        if (result.Status == HealthStatus.Healthy)
        {
            Passed(check);
            return result;
        }

        return IsStarting(check)
            ? new HealthCheckResult(HealthStatus.Degraded, $"starting: {result.Description}", result.Exception, result.Data)
            : result;
    }

    /// <summary>Wraps every registered check tagged <see cref="Tag"/> (e.g. MassTransit's bus check) in <see cref="Report"/>.</summary>
    internal static void Register(IServiceCollection services)
    {
        services.AddSingleton(sp => new StartupHealth(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddOptions<HealthCheckServiceOptions>().PostConfigure<StartupHealth>((options, startup) =>
        {
            foreach (var registration in options.Registrations.Where(r => r.Tags.Contains(Tag)))
            {
                var inner = registration.Factory;
                var name = registration.Name;
                registration.Factory = services => new StartingHealthCheck(inner(services), startup, name);
            }
        });
    }

    private sealed class StartingHealthCheck(IHealthCheck inner, StartupHealth startup, string name) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            startup.Report(name, await inner.CheckHealthAsync(context, cancellationToken));
    }
}
