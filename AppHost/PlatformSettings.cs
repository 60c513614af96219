using Microsoft.Extensions.Configuration;
using RabatPlatform.AppHost.Infrastructure;

namespace RabatPlatform.AppHost;

/// <summary>The AppHost's <c>Platform</c> section.</summary>
public sealed class PlatformSettings
{
    /// <summary>False runs the infrastructure alone (the integration tests host the services themselves).</summary>
    public bool Services { get; set; } = true;

    /// <summary>The gateway's port: the one public entry (0 = any free port).</summary>
    public int GatewayPort { get; set; } = 8080;

    /// <summary>
    /// Every port free-chosen (gateway, services, infrastructure) so that several platforms can run on one
    /// machine, e.g. tests beside a local run. Otherwise the documented fixed ports.
    /// </summary>
    public bool DynamicPorts { get; set; }

    /// <summary>
    /// How many processes of each service and of the gateway run (the <c>Replicas</c> section): <c>Default</c> for
    /// all, a resource's name (<c>content</c>, <c>gateway</c>, …) for one. Above one, each endpoint is proxied by
    /// Aspire: the documented port (the gateway's :8080) balances over the replicas, each listening on a port of
    /// its own. The migrations steps always run once.
    /// </summary>
    public IReadOnlyDictionary<string, int> Replicas { get; private set; } = new Dictionary<string, int>();

    /// <summary>The replicas of <paramref name="resource"/>: its own setting, else <c>Replicas:Default</c>, else one.</summary>
    public int ReplicasOf(string resource) =>
        Replicas.TryGetValue(resource, out var count) || Replicas.TryGetValue("Default", out count) ? count : 1;

    public static PlatformSettings From(IDistributedApplicationBuilder builder)
    {
        var settings = new PlatformSettings();
        builder.Configuration.GetSection("Platform").Bind(settings);
        var replicas = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in builder.Configuration.GetSection("Replicas").GetChildren())
        {
            if (!int.TryParse(entry.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
                || count is < 1 or > 16)
            {
                throw new DistributedApplicationException(
                    $"Replicas:{entry.Key} is '{entry.Value}': give a whole number of processes from 1 to 16.");
            }

            replicas[entry.Key] = count;
        }

        settings.Replicas = replicas;
        if (settings.DynamicPorts)
        {
            settings.GatewayPort = 0;
        }

        settings.GatewayPort = InfrastructureSettings.PortOrFree(settings.GatewayPort);
        return settings;
    }
}
