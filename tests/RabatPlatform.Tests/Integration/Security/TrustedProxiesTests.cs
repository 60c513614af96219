using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabatPlatform.Gateway;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Security;

/// <summary>
/// A load balancer in front of the gateway is trusted for X-Forwarded-For only when configured
/// (<c>Gateway:ForwardedHeaders:KnownProxies/KnownNetworks</c>): otherwise rate limits would count the balancer as one client.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TrustedProxiesTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_load_balancer_is_trusted_only_from_configuration()
    {
        await using var gateway = new ServiceHost<GatewayMarker>(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ResourceNames.Messaging}"] = "amqp://guest:guest@127.0.0.1:9/",
            ["Logging:LogLevel:MassTransit"] = "None",
            [$"services:{ResourceNames.Content}:http:0"] = platform.Content.Address,
            [$"services:{ResourceNames.Meetings}:http:0"] = platform.Meetings.Address,
            [$"services:{ResourceNames.Publications}:http:0"] = platform.Publications.Address,
            [$"services:{ResourceNames.Subscriptions}:http:0"] = platform.Subscriptions.Address,
            [$"services:{ResourceNames.Search}:http:0"] = platform.Search.Address,
            ["Gateway:ForwardedHeaders:KnownProxies:0"] = "192.0.2.10",
            ["Gateway:ForwardedHeaders:KnownNetworks:0"] = "10.20.0.0/16",
            ["Gateway:ForwardedHeaders:ForwardLimit"] = "2",
        }).Start(kestrel: false);

        var forwarded = gateway.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        Assert.Contains(IPAddress.Parse("192.0.2.10"), forwarded.KnownProxies);
        Assert.Contains(IPAddress.IPv6Loopback, forwarded.KnownProxies); // the defaults stay (127.0.0.0/8 is a known network)
        Assert.Contains(forwarded.KnownIPNetworks, n => n.ToString() == "127.0.0.0/8");
        Assert.Contains(forwarded.KnownIPNetworks, n => n.ToString() == "10.20.0.0/16");
        Assert.Equal(2, forwarded.ForwardLimit);

        // Nothing configured: only loopback, one hop.
        var defaults = platform.Gateway.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        Assert.DoesNotContain(IPAddress.Parse("192.0.2.10"), defaults.KnownProxies);
        Assert.Equal(1, defaults.ForwardLimit);
    }
}
