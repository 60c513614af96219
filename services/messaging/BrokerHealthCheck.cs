using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabbitMQ.Client;

namespace RabatPlatform.Messaging;

/// <summary>
/// Readiness of the broker as this service sees it: an AMQP connection can be opened and closed.
/// MassTransit's own check only follows receive endpoints, so a service that only publishes (through
/// its outbox) would otherwise look ready with the broker gone. Registered Degraded: without the broker a
/// service still serves reads and writes (its outbox keeps the events), so it stays ready. With a cluster
/// (<see cref="BrokerOptions.ClusterNodes"/>) the broker is reachable while any of its nodes answers.
/// </summary>
internal sealed class BrokerHealthCheck(IConfiguration configuration, IOptions<BrokerOptions> broker) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var uri = new Uri(MessagingExtensions.RequiredConnectionString(configuration, ResourceNames.Messaging));
        var nodes = BrokerOptions.Nodes(uri, broker.Value.ClusterNodes);
        var factory = new ConnectionFactory
        {
            Uri = uri,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
            AutomaticRecoveryEnabled = false,
            ClientProvidedName = "health-check",
        };
        try
        {
            await using var connection = nodes.Count > 1
                ? await factory.CreateConnectionAsync(nodes.Select(n => n.Endpoint(uri)), cancellationToken)
                : await factory.CreateConnectionAsync(cancellationToken);
            await connection.CloseAsync(cancellationToken);
            return HealthCheckResult.Healthy("broker reachable");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "broker unreachable", ex);
        }
    }
}
