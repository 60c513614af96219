using System.Net;
using System.Net.Sockets;

namespace RabatPlatform.AppHost;

/// <summary>
/// Before anything starts, every fixed port the platform will listen on must be free: a busy port is
/// named with its resource (e.g. "8080 (gateway/http)") instead of a service failing later, or two
/// platforms silently sharing a broker.
/// </summary>
internal static class PortCheck
{
    public static void Register(IDistributedApplicationBuilder builder)
    {
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            var busy = @event.Model.Resources
                .SelectMany(resource => resource.Annotations.OfType<EndpointAnnotation>()
                    .Where(endpoint => endpoint.Port is > 0)
                    .Select(endpoint => (Port: endpoint.Port!.Value, Name: $"{resource.Name}/{endpoint.Name}")))
                .Where(endpoint => !IsFree(endpoint.Port))
                .Select(endpoint => $"{endpoint.Port} ({endpoint.Name})")
                .ToList();
            if (busy.Count > 0)
            {
                throw new DistributedApplicationException(
                    $"Port(s) already in use: {string.Join(", ", busy)}. Stop what holds them (is the platform already running?), "
                    + "or run with --Platform:DynamicPorts=true for free ports.");
            }

            return Task.CompletedTask;
        });
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
