using Microsoft.Extensions.Configuration;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RabatPlatform.AppHost.Infrastructure;

/// <summary>How the infrastructure (PostgreSQL, RabbitMQ, the SMTP server, Redis) runs.</summary>
public enum InfrastructureMode
{
    /// <summary>Containers where a container runtime answers, processes otherwise.</summary>
    Auto,

    /// <summary>Containers (Docker or Podman): PostgreSQL, RabbitMQ with management, Mailpit.</summary>
    Containers,

    /// <summary>Processes on this machine: Debian's PostgreSQL, RabbitMQ and aiosmtpd.</summary>
    Processes,
}

/// <summary>
/// The AppHost's <c>Infrastructure</c> section: the mode, where data lives, whether it must survive a
/// crash, and the ports (0 = any free port, as the tests ask).
/// </summary>
public sealed class InfrastructureSettings
{
    public InfrastructureMode Mode { get; set; } = InfrastructureMode.Auto;

    /// <summary>Data of the process mode (databases, broker state, received mail); relative to the AppHost's directory.</summary>
    public string DataDirectory { get; set; } = "../.local";

    /// <summary>False for throw-away servers (tests): PostgreSQL without fsync, no data volumes.</summary>
    public bool Durable { get; set; } = true;

    /// <summary>The RabbitMQ node name in process mode (unique per machine when several run at once).</summary>
    public string RabbitMqNode { get; set; } = "rabat@localhost";

    public PortSettings Ports { get; set; } = new();

    public sealed class PortSettings
    {
        public int Postgres { get; set; } = 55432;
        public int RabbitMq { get; set; } = 5672;
        public int RabbitMqManagement { get; set; } = 15672;
        public int Smtp { get; set; } = 2525;
        public int MailUi { get; set; } = 8025;

        /// <summary>Not Redis' usual 6379, which a system-wide server (Debian's package starts one) may hold.</summary>
        public int Redis { get; set; } = 56379;
    }

    public static InfrastructureSettings From(IDistributedApplicationBuilder builder)
    {
        var settings = new InfrastructureSettings();
        builder.Configuration.GetSection("Infrastructure").Bind(settings);
        if (builder.Configuration.GetValue<bool>("Platform:DynamicPorts"))
        {
            settings.Ports = new PortSettings { Postgres = 0, RabbitMq = 0, RabbitMqManagement = 0, Smtp = 0, MailUi = 0, Redis = 0 };
        }

        settings.DataDirectory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, settings.DataDirectory));
        if (settings.Mode == InfrastructureMode.Auto)
        {
            settings.Mode = ContainerRuntimeAnswers() ? InfrastructureMode.Containers : InfrastructureMode.Processes;
        }

        return settings;
    }

    /// <summary>A configured port, or a free one when it is 0.</summary>
    public static int PortOrFree(int port)
    {
        if (port != 0)
        {
            return port;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// True when the container runtime Aspire would use (<c>ASPIRE_CONTAINER_RUNTIME</c>, else docker)
    /// answers <c>info</c> within five seconds. A client without a running engine does not count.
    /// </summary>
    private static bool ContainerRuntimeAnswers()
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") is { Length: > 0 } configured
            ? configured
            : "docker";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
