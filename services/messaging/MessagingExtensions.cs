using System.Diagnostics;
using System.Reflection;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.RabbitMqTransport.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;

namespace RabatPlatform.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// Connects the service to RabbitMQ with the consumers of <paramref name="consumers"/> (found by scanning;
    /// each on its own endpoint, <c>search-news-published</c>, unless its definition says otherwise), then
    /// whatever <paramref name="configure"/> adds (e.g. open generic consumers, which scanning skips).
    /// </summary>
    public static IHostApplicationBuilder AddServiceMessaging(
        this IHostApplicationBuilder builder,
        string serviceName,
        Assembly consumers,
        Action<IBusRegistrationConfigurator>? configure = null) =>
        builder.AddServiceMessaging(serviceName, bus =>
        {
            bus.AddConsumers(consumers);
            configure?.Invoke(bus);
        });

    /// <summary>
    /// Connects the service to RabbitMQ (connection string <c>messaging</c>, and the cluster's other nodes and quorum
    /// queues when <see cref="BrokerOptions"/> says so) with MassTransit: exchanges
    /// named by event type (<c>news.published</c>), queues prefixed by the service name
    /// (<c>search-news-published</c>), retries (<see cref="RetryOptions"/>), the registered
    /// <see cref="IReceiveEndpointConvention"/>s, then the endpoint's error queue.
    /// </summary>
    public static IHostApplicationBuilder AddServiceMessaging(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configureConsumers = null)
    {
        var platformConsumers = builder.Properties.TryGetValue(PlatformConsumersKey, out var registered)
            ? (List<Action<IBusRegistrationConfigurator>>)registered : [];
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, false));
            // The bus starts after the process (WaitUntilStarted is off): until it has been ready once, its
            // check reports "starting" (ServiceDefaults' StartupHealth, tag "startup"), not an error. Afterwards a
            // broker outage is Degraded, not Unhealthy: the service still serves (reads, outbox writes).
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.MinimalFailureStatus = HealthStatus.Degraded;
                health.Tags.Add("ready");
                health.Tags.Add("masstransit");
                health.Tags.Add("startup");
            });
            configureConsumers?.Invoke(bus);
            platformConsumers.ForEach(add => add(bus));

            bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                context.GetRequiredService<ConsumerEndpoints>().Add(name);
                var retry = context.GetRequiredService<IOptions<RetryOptions>>().Value;
                TransientFailures.UseRetries(endpoint, name, retry, [.. context.GetServices<ITransientFailure>()]);
                // A quorum queue (Messaging:QuorumQueues) for each durable endpoint; temporary ones (auto-delete) stay
                // classic. The _error and _skipped queues take the queue's arguments, so they are quorum queues too.
                var broker = context.GetRequiredService<IOptions<BrokerOptions>>().Value;
                if (broker.QuorumQueues
                    && endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint
                    && endpoint is IRabbitMqReceiveEndpointConfiguration { Settings: { Durable: true, AutoDelete: false, Exclusive: false } })
                {
                    rabbitEndpoint.SetQuorumQueue(broker.QuorumReplicationFactor);
                }

                // After the retry, so that each attempt runs them anew (the inbox: a transaction per attempt).
                foreach (var convention in context.GetServices<IReceiveEndpointConvention>())
                {
                    convention.Apply(context, name, endpoint);
                }

                // MassTransit's default error pipe (a Fault event, then the _error queue), and a count of each move.
                endpoint.ConfigureError(error =>
                {
                    error.UseFilter(new GenerateFaultFilter());
                    error.UseFilter(new ErrorTransportFilter());
                    error.UseFilter(new CountMovedToErrorFilter());
                });
            });

            bus.UsingRabbitMq((context, rabbit) =>
            {
                var connectionString = new Uri(RequiredConnectionString(context.GetRequiredService<IConfiguration>(), ResourceNames.Messaging));
                var nodes = BrokerOptions.Nodes(connectionString, context.GetRequiredService<IOptions<BrokerOptions>>().Value.ClusterNodes);
                rabbit.Host(connectionString, host =>
                {
                    host.ConnectionName(serviceName);
                    if (nodes.Count > 1)
                    {
                        // Connects to the first node that answers and, when its node goes, to another one.
                        host.UseCluster(cluster => nodes.ToList().ForEach(node => cluster.Node(node.ToString())));
                    }
                });
                rabbit.MessageTopology.SetEntityNameFormatter(
                    new EventTypeEntityNameFormatter(rabbit.MessageTopology.EntityNameFormatter));
                rabbit.Publish<IIntegrationEvent>(publish => publish.Exclude = true);
                rabbit.ConfigureEndpoints(context);
            });
        });

        builder.Services.AddSingleton<ConsumerEndpoints>();
        builder.Services.AddOptions<BrokerOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                var read = BrokerOptions.From(configuration);
                options.QuorumQueues = read.QuorumQueues;
                options.QuorumReplicationFactor = read.QuorumReplicationFactor;
                options.ClusterNodes = read.ClusterNodes;
            })
            .Validate(o => o.IsValid(out _), $"{BrokerOptions.Section}: QuorumReplicationFactor at least 1, ClusterNodes each host or host:port.")
            .ValidateOnStart();
        builder.Services.AddOptions<RetryOptions>().BindConfiguration(RetryOptions.Section)
            .Validate(o => o.IsValid(), $"{RetryOptions.Section}: Limit 0–100, intervals positive, MinInterval <= MaxInterval.")
            .ValidateOnStart();
        builder.Services.AddHealthChecks().AddCheck<BrokerHealthCheck>(
            ResourceNames.Messaging, HealthStatus.Degraded, ["ready"], TimeSpan.FromSeconds(5));

        builder.Services.AddWarmup();

        // Start even while the broker is down: the bus reconnects and the outbox holds the events.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = false);
        return builder;
    }

    private const string PlatformConsumersKey = "RabatPlatform.Messaging.PlatformConsumers";

    /// <summary>
    /// Consumers every service has, added by a platform package before <see cref="AddServiceMessaging(IHostApplicationBuilder, string, Action{IBusRegistrationConfigurator}?)"/>
    /// is called (persistence's erasure of outbox payloads and <c>_error</c> messages).
    /// </summary>
    public static IHostApplicationBuilder AddPlatformConsumers(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> add)
    {
        if (!builder.Properties.TryGetValue(PlatformConsumersKey, out var registered))
        {
            builder.Properties[PlatformConsumersKey] = registered = new List<Action<IBusRegistrationConfigurator>>();
        }

        ((List<Action<IBusRegistrationConfigurator>>)registered).Add(add);
        return builder;
    }

    /// <summary>Connection strings are read when first needed, from the final configuration.</summary>
    public static string RequiredConnectionString(IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name)
        ?? throw new InvalidOperationException($"Connection string '{name}' is missing (set ConnectionStrings__{name}).");

    /// <summary>Counts a message once the error transport has moved it to the endpoint's <c>_error</c> queue.</summary>
    private sealed class CountMovedToErrorFilter : IFilter<ExceptionReceiveContext>
    {
        public Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
        {
            MessagingDiagnostics.MovedToError.Add(
                1,
                new KeyValuePair<string, object?>("messaging.destination.name", context.InputAddress.Segments[^1]),
                new KeyValuePair<string, object?>("error.type", context.Exception.GetType().FullName));
            return next.Send(context);
        }

        public void Probe(ProbeContext context) => context.CreateFilterScope("countMovedToError");
    }

    private sealed class EventTypeEntityNameFormatter(IEntityNameFormatter fallback) : IEntityNameFormatter
    {
        public string FormatEntityName<T>() =>
            typeof(T).GetCustomAttribute<EventTypeAttribute>()?.Name ?? fallback.FormatEntityName<T>();
    }
}
