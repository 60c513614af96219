using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Readiness of what comes up after the process itself (the MassTransit bus; for the gateway, each service):
/// until such a check has passed once, and for at most <see cref="Grace"/>, a failure means "starting", not
/// "broken". It is reported <see cref="HealthStatus.Degraded"/> with the description <c>starting: …</c>, marked
/// so that <c>/health</c> answers 503 (not ready, <see cref="HealthReadiness"/>), but a normal start logs no
/// error — the health check service logs Degraded results at Warning, and ServiceDefaults keeps that category at
/// Error. A check that has never passed when the grace runs out is Unhealthy (not ready, logged as an error): a
/// service whose bus never connected has never declared its queues, so it stays out of rotation (in a rolling
/// deployment during a broker outage the instances already running keep serving, Degraded). After the first
/// pass a failure is reported as the check reports it: Degraded for the broker (the service still serves),
/// Unhealthy otherwise.
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

    /// <summary>The key of a result's data that marks it "starting" (not ready).</summary>
    public const string StartingKey = "starting";

    /// <summary>True when the entry is a dependency still starting: the process is not ready yet.</summary>
    public static bool IsStarting(HealthReportEntry entry) => entry.Data.ContainsKey(StartingKey);

    /// <summary>
    /// The result to report for <paramref name="check"/>: a failure while starting becomes Degraded "starting: …";
    /// a failure of a check that never passed, once the grace has run out, is Unhealthy.
    /// </summary>
    public HealthCheckResult Report(string check, HealthCheckResult result)
    {
        if (result.Status == HealthStatus.Healthy)
        {
            Passed(check);
            return result;
        }

        if (IsStarting(check))
        {
            var data = new Dictionary<string, object>(result.Data) { [StartingKey] = true };
            return new HealthCheckResult(HealthStatus.Degraded, $"starting: {result.Description}", result.Exception, data);
        }

        return passed.ContainsKey(check) ? result : new HealthCheckResult(HealthStatus.Unhealthy, result.Description, result.Exception, result.Data);
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
