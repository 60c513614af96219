using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Settings of section <c>Health</c>: how long one evaluation answers <c>/health</c>, and who sees its details.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>
    /// How long one evaluation of the checks answers every probe (0: each probe evaluates). Probes arriving
    /// while an evaluation runs share it, so anonymous callers cannot make a process query its database or
    /// open broker connections (nor the gateway call every service) more than once per period.
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Networks (CIDR, e.g. <c>10.0.0.0/8</c>) whose callers see each check without a token — an orchestrator's
    /// or a monitoring system's probes. Empty by default: a reverse proxy on the same machine would make every
    /// public caller look local, so not even loopback is trusted unless listed.
    /// </summary>
    public List<string> DetailsNetworks { get; set; } = [];

    internal IReadOnlyList<IPNetwork> Networks() => DetailsNetworks.Select(n => IPNetwork.Parse(n)).ToList();
}

/// <summary>
/// What <c>/health</c> answers. Ready (200) means "can serve": Healthy, or Degraded — a dependency the process can
/// serve without is away (the broker: reads and outbox writes still work), or, at the gateway, some services are
/// down while others serve (its per-service checks carry <see cref="PartTag"/>). Not ready (503): Unhealthy (the
/// process's own database, or every part down), or a dependency still starting (<see cref="StartupHealth"/>).
/// </summary>
public static class HealthReadiness
{
    /// <summary>The tag of checks that are each one part of what the process serves: it serves while one of them does.</summary>
    public const string PartTag = "part";

    /// <summary>The overall status: the worst check, but a part Unhealthy only counts as Degraded while another part serves.</summary>
    public static HealthStatus Status(HealthReport report)
    {
        var somepart = report.Entries.Values.Any(e => IsPart(e) && e.Status != HealthStatus.Unhealthy);
        var status = HealthStatus.Healthy;
        foreach (var entry in report.Entries.Values)
        {
            var counted = entry.Status == HealthStatus.Unhealthy && somepart && IsPart(entry) ? HealthStatus.Degraded : entry.Status;
            status = counted < status ? counted : status;
        }

        return status;
    }

    public static bool IsReady(HealthReport report, HealthStatus status) =>
        status != HealthStatus.Unhealthy && !report.Entries.Values.Any(StartupHealth.IsStarting);

    /// <summary>Operators see each check: a secretariat token, or a caller from <see cref="HealthOptions.DetailsNetworks"/>.</summary>
    public static bool SeesDetails(HttpContext context, IReadOnlyList<IPNetwork> networks)
    {
        if (context.User.IsInRole(PlatformRoles.Secretariat))
        {
            return true;
        }

        var address = context.Connection.RemoteIpAddress;
        if (address is null || networks.Count == 0)
        {
            return false;
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return networks.Any(n => n.Contains(address));
    }

    private static bool IsPart(HealthReportEntry entry) => entry.Tags.Contains(PartTag);

    internal static void Register(IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section)
            .Validate(o => o.CacheDuration >= TimeSpan.Zero, $"{HealthOptions.Section}:CacheDuration must not be negative.")
            .Validate(o => o.DetailsNetworks.All(n => IPNetwork.TryParse(n, out _)), $"{HealthOptions.Section}:DetailsNetworks: each must be a CIDR network (10.0.0.0/8).")
            .ValidateOnStart();
        services.AddSingleton<HealthReportCache>();
    }
}

/// <summary>
/// The latest evaluation of every health check, shared by the probes: reused for <see cref="HealthOptions.CacheDuration"/>
/// after it completed, and awaited by every probe arriving while it runs. No probe's cancellation cancels it (each
/// check has its own timeout).
/// </summary>
public sealed class HealthReportCache(HealthCheckService health, IOptions<HealthOptions> options, IServiceProvider services)
{
    private readonly TimeProvider time = services.GetService<TimeProvider>() ?? TimeProvider.System;
    private readonly Lock gate = new();
    private Task<HealthReport>? current;
    private long completedAt;

    public Task<HealthReport> GetAsync()
    {
        lock (gate)
        {
            if (current is null
                || (current.IsCompleted && (!current.IsCompletedSuccessfully || time.GetElapsedTime(Volatile.Read(ref completedAt)) >= options.Value.CacheDuration)))
            {
                current = EvaluateAsync();
            }

            return current;
        }
    }

    private async Task<HealthReport> EvaluateAsync()
    {
        await Task.Yield(); // run outside the lock
        try
        {
            return await health.CheckHealthAsync(CancellationToken.None);
        }
        finally
        {
            Volatile.Write(ref completedAt, time.GetTimestamp());
        }
    }
}
