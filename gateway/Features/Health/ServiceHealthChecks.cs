using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabatPlatform.Contracts;

namespace RabatPlatform.Gateway.Features.Health;

/// <summary>
/// The gateway's <c>/health</c> reports each service's own readiness (<c>GET {service}/health</c>, its status only).
/// Each service is one part of what the gateway serves (<see cref="HealthReadiness.PartTag"/>): a service down
/// leaves the gateway Degraded and ready while another serves; all of them down, it is Unhealthy.
/// </summary>
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
                sp => new ServiceHealthCheck(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<StartupHealth>(), service),
                HealthStatus.Unhealthy,
                ["ready", "services", HealthReadiness.PartTag],
                TimeSpan.FromSeconds(5)));
        }

        return builder;
    }

    /// <summary>
    /// A service's readiness as it reports it: ready (Healthy, or Degraded when it serves without its broker);
    /// starting (it answers 503 with its status Degraded), reported Degraded; or not ready, Unhealthy. Until a
    /// service has been ready once, for the gateway's start-up grace (<see cref="StartupHealth"/>), its failure
    /// is "starting" and keeps the gateway not ready.
    /// </summary>
    private sealed class ServiceHealthCheck(IHttpClientFactory clients, StartupHealth startup, string service) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var client = clients.CreateClient(ClientName);
                // "http://content" is resolved by service discovery from services__content__http__0.
                using var response = await client.GetAsync($"http://{service}/health", cancellationToken);
                var status = await StatusAsync(response, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    startup.Passed(service);
                    return status == nameof(HealthStatus.Degraded)
                        ? HealthCheckResult.Degraded($"{service} is degraded")
                        : HealthCheckResult.Healthy($"{service} is ready");
                }

                return startup.Report(service, status == nameof(HealthStatus.Degraded)
                    ? HealthCheckResult.Degraded($"{service} is starting")
                    : HealthCheckResult.Unhealthy($"{service} answered {(int)response.StatusCode}"));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
            {
                return startup.Report(service, HealthCheckResult.Unhealthy($"{service} is unreachable", ex));
            }
        }

        /// <summary>The <c>status</c> of a service's health report (null when the body is not one).</summary>
        private static async Task<string?> StatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            try
            {
                using var report = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                return report.RootElement.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String ? status.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
