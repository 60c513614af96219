using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;

namespace RabatPlatform.Messaging;

/// <summary>
/// How the services use a RabbitMQ cluster (configuration section <c>Messaging</c>; all off by default, for one node).
/// <list type="bullet">
/// <item><see cref="QuorumQueues"/> (<c>Messaging:QuorumQueues</c>): every durable receive endpoint's queue, and its
/// <c>_error</c> and <c>_skipped</c> queues, is declared a quorum queue (replicated on the cluster's nodes, a majority
/// confirming each message) instead of a classic one. Temporary queues (the gateway's cache evictions) stay
/// classic. A queue already declared classic cannot become quorum (the broker answers PRECONDITION_FAILED): see
/// docs/scaling.md, "RabbitMQ as a cluster".</item>
/// <item><see cref="QuorumReplicationFactor"/> (<c>Messaging:QuorumReplicationFactor</c>): on how many nodes each
/// quorum queue lives (unset: RabbitMQ's default, every node of the cluster up to its limit).</item>
/// <item><see cref="ClusterNodes"/> (<c>Messaging:ClusterNodes</c>): the nodes of the cluster, <c>host:port</c> (or
/// <c>host</c>, with the connection string's port), as a list or one comma-separated value. The connection string
/// <c>messaging</c> stays one AMQP URI (credentials, virtual host, first node) that every tool reading it
/// understands; with nodes listed, the bus connects to the first that answers and, when its node stops, reconnects to
/// another.</item>
/// </list>
/// </summary>
public sealed class BrokerOptions
{
    public const string Section = "Messaging";

    public bool QuorumQueues { get; set; }

    public int? QuorumReplicationFactor { get; set; }

    /// <summary>The cluster's nodes as configured (<see cref="Nodes"/> parses them).</summary>
    public IReadOnlyList<string> ClusterNodes { get; set; } = [];

    /// <summary>
    /// The nodes to connect to, in order: the connection string's own node first, then those of
    /// <see cref="ClusterNodes"/> (without repeating it); just the connection string's node when none is listed.
    /// </summary>
    public static IReadOnlyList<BrokerAddress> Nodes(Uri connectionString, IEnumerable<string> clusterNodes)
    {
        var defaultPort = connectionString.IsDefaultPort || connectionString.Port < 0
            ? (connectionString.Scheme == "amqps" ? 5671 : 5672)
            : connectionString.Port;
        var nodes = new List<BrokerAddress> { new(connectionString.Host, defaultPort) };
        foreach (var entry in clusterNodes.SelectMany(n => n.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var node = BrokerAddress.Parse(entry, defaultPort);
            if (!nodes.Contains(node))
            {
                nodes.Add(node);
            }
        }

        return nodes;
    }

    /// <summary>Reads the section (a list <c>ClusterNodes:0…</c> or one comma-separated <c>ClusterNodes</c> value).</summary>
    public static BrokerOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var options = new BrokerOptions
        {
            QuorumQueues = section.GetValue<bool>(nameof(QuorumQueues)),
            QuorumReplicationFactor = section.GetValue<int?>(nameof(QuorumReplicationFactor)),
        };
        var nodes = section.GetSection(nameof(ClusterNodes));
        options.ClusterNodes = nodes.Value is { Length: > 0 } single
            ? [single]
            : [.. nodes.GetChildren().Select(c => c.Value).OfType<string>()];
        return options;
    }

    internal bool IsValid(out string error)
    {
        error = "";
        if (QuorumReplicationFactor is < 1)
        {
            error = $"{Section}:{nameof(QuorumReplicationFactor)} must be at least 1.";
            return false;
        }

        foreach (var entry in ClusterNodes.SelectMany(n => n.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (!BrokerAddress.TryParse(entry, 5672, out _))
            {
                error = $"{Section}:{nameof(ClusterNodes)}: '{entry}' is not host or host:port.";
                return false;
            }
        }

        return true;
    }
}

/// <summary>One node of the broker: host and AMQP port.</summary>
public sealed record BrokerAddress(string Host, int Port)
{
    /// <summary>As MassTransit's cluster configuration takes it (<c>host:port</c>).</summary>
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    public AmqpTcpEndpoint Endpoint(Uri connectionString) =>
        new(Host, Port, connectionString.Scheme == "amqps" ? new SslOption(Host, enabled: true) : new SslOption());

    public static BrokerAddress Parse(string value, int defaultPort) =>
        TryParse(value, defaultPort, out var node) ? node : throw new FormatException($"'{value}' is not host or host:port.");

    public static bool TryParse(string value, int defaultPort, out BrokerAddress node)
    {
        node = null!;
        value = value.Trim();
        if (value.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }

        // host, host:port, [v6]:port (a bare v6 address has several colons and no port).
        if (!Uri.TryCreate($"amqp://{(value.Count(c => c == ':') > 1 && !value.StartsWith('[') ? $"[{value}]" : value)}", UriKind.Absolute, out var uri)
            || uri.Host.Length == 0 || uri.AbsolutePath != "/" || uri.UserInfo.Length > 0)
        {
            return false;
        }

        node = new(uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host, uri.Port > 0 ? uri.Port : defaultPort);
        return true;
    }
}
