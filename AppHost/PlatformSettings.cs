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

    public static PlatformSettings From(IDistributedApplicationBuilder builder)
    {
        var settings = new PlatformSettings();
        builder.Configuration.GetSection("Platform").Bind(settings);
        if (settings.DynamicPorts)
        {
            settings.GatewayPort = 0;
        }

        settings.GatewayPort = InfrastructureSettings.PortOrFree(settings.GatewayPort);
        return settings;
    }
}
