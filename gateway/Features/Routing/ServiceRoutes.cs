using RabatPlatform.Contracts;
using Yarp.ReverseProxy.Configuration;

namespace RabatPlatform.Gateway.Features.Routing;

/// <summary>
/// Routes <c>/api/{service}/…</c> to each service, unchanged (the services serve the same paths).
/// Addresses come from configuration in the form .NET Aspire injects: <c>services__content__http__0</c>
/// (or <c>https</c>), so the same gateway runs under the AppHost, <c>eng/run.sh</c> and the tests.
/// </summary>
public static class ServiceRoutes
{
    public static IHostApplicationBuilder AddServiceRoutes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IProxyConfigProvider, ServiceRoutesProvider>();
        builder.Services.AddReverseProxy();
        return builder;
    }

    /// <summary>Builds the routes from the final configuration, once, at the first request.</summary>
    private sealed class ServiceRoutesProvider(IConfiguration configuration) : IProxyConfigProvider
    {
        private readonly Lazy<IProxyConfig> config = new(() => Build(configuration));

        public IProxyConfig GetConfig() => config.Value;
    }

    private static InMemoryConfig Build(IConfiguration configuration)
    {
        var routes = RouteRules.All.Select(rule => new RouteConfig
        {
            RouteId = rule.Id,
            ClusterId = rule.Service,
            Order = rule.Order,
            Match = new RouteMatch { Path = rule.Path, Methods = rule.Methods },
            AuthorizationPolicy = rule.Access,
            RateLimiterPolicy = rule.RateLimit,
            OutputCachePolicy = rule.Cached ? Caching.PublicReadCache.PolicyName : null,
            Metadata = new Dictionary<string, string>
            {
                [Policies.GatewayPolicies.MaxBodySizeKey] = (rule.MaxRequestBodySize ?? Policies.GatewayPolicies.DefaultMaxRequestBodySize).ToString(System.Globalization.CultureInfo.InvariantCulture),
                [Caching.PublicReadCache.ServiceKey] = rule.Service,
            },
        }).ToList();

        var clusters = ResourceNames.Services.Select(service => new ClusterConfig
        {
            ClusterId = service,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                [$"{service}-0"] = new() { Address = ResolveAddress(configuration, service) },
            },
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(100) },
        }).ToList();

        return new InMemoryConfig(routes, clusters);
    }

    public static string ResolveAddress(IConfiguration configuration, string service) =>
        configuration[$"services:{service}:https:0"]
        ?? configuration[$"services:{service}:http:0"]
        ?? throw new InvalidOperationException(
            $"No address for service '{service}': set services__{service}__http__0 (the AppHost does it for you).");

    private sealed class InMemoryConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters) : IProxyConfig
    {
        public IReadOnlyList<RouteConfig> Routes => routes;

        public IReadOnlyList<ClusterConfig> Clusters => clusters;

        public Microsoft.Extensions.Primitives.IChangeToken ChangeToken { get; } =
            new Microsoft.Extensions.Primitives.CancellationChangeToken(CancellationToken.None);
    }
}
