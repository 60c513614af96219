using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabatPlatform.Contracts;

namespace RabatPlatform.Gateway.Features.Health;

/// <summary>The gateway's <c>/health</c> reports each service's own readiness (<c>GET {service}/health</c>).</summary>
public static class ServiceHealthChecks
{
    public const string ClientName = "service-health";

    public static IHostApplicationBuilder AddServiceHealthChecks(this IHostApplicationBuilder builder)
    {
        // A health probe reports what it sees now: no retries, a short timeout of its own.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked for evaluation; it is the documented opt-out.
        builder.Services.AddHttpClient(ClientName).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        var checks = builder.Services.AddHealthChecks();
        foreach (var service in ResourceNames.Services)
        {
            checks.Add(new HealthCheckRegistration(
                service,
                sp => new ServiceHealthCheck(sp.GetRequiredService<IHttpClientFactory>(), service),
                HealthStatus.Unhealthy,
                ["ready", "services"],
                TimeSpan.FromSeconds(5)));
        }

        return builder;
    }

    private sealed class ServiceHealthCheck(IHttpClientFactory clients, string service) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var client = clients.CreateClient(ClientName);
                // "http://content" is resolved by service discovery from services__content__http__0.
                using var response = await client.GetAsync($"http://{service}/health", cancellationToken);
                return response.IsSuccessStatusCode
                    ? HealthCheckResult.Healthy($"{service} is ready")
                    : HealthCheckResult.Unhealthy($"{service} answered {(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy($"{service} is unreachable", ex);
            }
        }
    }
}
