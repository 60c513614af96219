using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>Why a target URL or address was refused (SSRF protection).</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);

/// <summary>
/// Which URLs and addresses a webhook may reach: https only (http by configuration), and no private,
/// loopback, link-local, unique-local, CGNAT, multicast, reserved or unspecified address (IPv4, IPv6 and
/// IPv4-mapped IPv6) unless configured. Checked when an endpoint is registered (URL and DNS) and again
/// when each attempt connects (<see cref="ConnectAsync"/>), so a name that later resolves elsewhere (DNS
/// rebinding) cannot get through.
/// </summary>
public sealed class WebhookTargetPolicy(IOptions<WebhookOptions> options)
{
    private readonly WebhookOptions options = options.Value;

    /// <summary>Checks the URL's form; null when acceptable, else the reason (English, French).</summary>
    public (string Fr, string En)? CheckForm(Uri url)
    {
        if (url.Scheme != Uri.UriSchemeHttps && !(options.AllowHttp && url.Scheme == Uri.UriSchemeHttp))
        {
            return options.AllowHttp
                ? ("L'URL doit commencer par https:// ou http://.", "The URL must start with https:// or http://.")
                : ("L'URL doit commencer par https://.", "The URL must start with https://.");
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return ("L'URL ne peut pas contenir d'identifiants.", "The URL may not contain credentials.");
        }

        if (!string.IsNullOrEmpty(url.Fragment))
        {
            return ("L'URL ne peut pas contenir de fragment (#).", "The URL may not contain a fragment (#).");
        }

        return null;
    }

    /// <summary>Resolves the URL's host and checks every address; null when acceptable, else the reason.</summary>
    public async Task<(string Fr, string En)?> CheckTargetAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            await ResolveAllowedAsync(url.IdnHost, url.Port, cancellationToken);
            return null;
        }
        catch (WebhookTargetRefusedException ex)
        {
            return ($"Cette adresse n'est pas autorisée : {ex.Message}", $"This address is not allowed: {ex.Message}");
        }
        catch (SocketException)
        {
            return ($"Le nom « {url.Host} » ne se résout pas.", $"The name '{url.Host}' does not resolve.");
        }
    }

    /// <summary>
    /// The addresses a connection to <paramref name="host"/> may use; throws
    /// <see cref="WebhookTargetRefusedException"/> if any address the name resolves to is forbidden.
    /// </summary>
    public async Task<IPAddress[]> ResolveAllowedAsync(string host, int port, CancellationToken cancellationToken)
    {
        var literal = IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? ip : null;
        var addresses = literal is not null ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        if (options.AllowPrivateNetworks || IsAllowListed(host, port))
        {
            return addresses;
        }

        foreach (var address in addresses)
        {
            if (IsForbidden(address))
            {
                throw new WebhookTargetRefusedException(literal is null
                    ? $"{host} resolves to {address}, a non-public address"
                    : $"{address} is not a public address");
            }
        }

        return addresses;
    }

    /// <summary>The connect step of the delivery client: checks the addresses right before connecting.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = await ResolveAllowedAsync(endPoint.Host, endPoint.Port, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private bool IsAllowListed(string host, int port)
    {
        var normalized = host.Trim('[', ']');
        foreach (var entry in options.AllowedTargets)
        {
            var colon = entry.LastIndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var entryHost = entry[..colon].Trim('[', ']');
            var ports = entry[(colon + 1)..].Split('-');
            if (!int.TryParse(ports[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first))
            {
                continue;
            }

            var last = ports.Length == 2 && int.TryParse(ports[1], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : first;
            if (string.Equals(entryHost, normalized, StringComparison.OrdinalIgnoreCase) && port >= first && port <= last)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for every address that is not a public unicast address.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => true,                                   // "this network", unspecified
                10 => true,                                  // private
                100 => b[1] is >= 64 and <= 127,             // CGNAT 100.64.0.0/10
                127 => true,                                 // loopback
                169 => b[1] == 254,                          // link-local (cloud metadata)
                172 => b[1] is >= 16 and <= 31,              // private
                192 => (b[1] == 168)                         // private
                    || (b[1] == 0 && b[2] is 0 or 2)         // IETF protocol assignments, TEST-NET-1
                    || (b[1] == 88 && b[2] == 99),           // 6to4 relay anycast
                198 => b[1] is 18 or 19                      // benchmarking
                    || (b[1] == 51 && b[2] == 100),          // TEST-NET-2
                203 => b[1] == 0 && b[2] == 113,             // TEST-NET-3
                >= 224 => true,                              // multicast, reserved, broadcast
                _ => false,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)
                || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
            {
                return true;
            }

            var b = address.GetAddressBytes();
            // IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16), Teredo (2001::/32),
            // documentation (2001:db8::/32): they embed or stand for other addresses; refuse them.
            var v4Compatible = b.Take(12).All(x => x == 0);
            var nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b;
            var sixToFour = b[0] == 0x20 && b[1] == 0x02;
            var teredo = b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00;
            var documentation = b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8;
            return v4Compatible || nat64 || sixToFour || teredo || documentation;
        }

        return true;
    }
}
