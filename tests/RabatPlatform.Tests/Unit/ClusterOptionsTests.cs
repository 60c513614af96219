using Microsoft.Extensions.Configuration;
using RabatPlatform.Messaging;

namespace RabatPlatform.Tests.Unit;

/// <summary>The cluster settings of messaging (<see cref="BrokerOptions"/>): quorum queues and the nodes to connect to.</summary>
public sealed class ClusterOptionsTests
{
    private static readonly Uri Single = new("amqp://guest:guest@127.0.0.1:5672/rabat");

    [Fact]
    public void Without_cluster_nodes_the_connection_strings_node_is_the_only_one()
    {
        var options = BrokerOptions.From(Configuration([]));

        Assert.False(options.QuorumQueues);
        Assert.Null(options.QuorumReplicationFactor);
        Assert.Equal([new BrokerAddress("127.0.0.1", 5672)], BrokerOptions.Nodes(Single, options.ClusterNodes));
    }

    [Fact]
    public void A_comma_separated_list_names_the_nodes_after_the_connection_strings_own_without_repeating_it()
    {
        var options = BrokerOptions.From(Configuration(new()
        {
            ["Messaging:QuorumQueues"] = "true",
            ["Messaging:QuorumReplicationFactor"] = "3",
            ["Messaging:ClusterNodes"] = "127.0.0.1:5672, 127.0.0.1:5673,rabbit-c",
        }));

        Assert.True(options.QuorumQueues);
        Assert.Equal(3, options.QuorumReplicationFactor);
        Assert.True(options.IsValid(out _));
        Assert.Equal(
            [new BrokerAddress("127.0.0.1", 5672), new BrokerAddress("127.0.0.1", 5673), new BrokerAddress("rabbit-c", 5672)],
            BrokerOptions.Nodes(Single, options.ClusterNodes));
        Assert.Equal(["127.0.0.1:5672", "127.0.0.1:5673", "rabbit-c:5672"], BrokerOptions.Nodes(Single, options.ClusterNodes).Select(n => n.ToString()));
    }

    [Fact]
    public void A_list_in_configuration_names_the_nodes_and_a_node_without_port_takes_the_connection_strings()
    {
        var options = BrokerOptions.From(Configuration(new()
        {
            ["Messaging:ClusterNodes:0"] = "rabbit-b:25701",
            ["Messaging:ClusterNodes:1"] = "rabbit-c",
        }));

        Assert.Equal(
            [new BrokerAddress("rabbit-a", 25700), new BrokerAddress("rabbit-b", 25701), new BrokerAddress("rabbit-c", 25700)],
            BrokerOptions.Nodes(new Uri("amqp://u:p@rabbit-a:25700/"), options.ClusterNodes));
    }

    [Fact]
    public void A_connection_string_without_port_means_the_amqp_port()
    {
        Assert.Equal([new BrokerAddress("rabbit", 5672), new BrokerAddress("rabbit-b", 5672)], BrokerOptions.Nodes(new Uri("amqp://rabbit/"), ["rabbit-b"]));
        Assert.Equal([new BrokerAddress("rabbit", 5671)], BrokerOptions.Nodes(new Uri("amqps://rabbit/"), []));
    }

    [Theory]
    [InlineData("amqp://127.0.0.1:5673")]
    [InlineData("127.0.0.1:notaport")]
    [InlineData("user@127.0.0.1:5673")]
    [InlineData("127.0.0.1:5673/vhost")]
    public void A_node_that_is_not_host_or_host_port_is_refused_at_start(string node)
    {
        var options = BrokerOptions.From(Configuration(new() { ["Messaging:ClusterNodes"] = $"127.0.0.1:5672,{node}" }));

        Assert.False(options.IsValid(out var error));
        Assert.Contains(node, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replication_factor_below_one_is_refused_at_start()
    {
        Assert.False(BrokerOptions.From(Configuration(new() { ["Messaging:QuorumReplicationFactor"] = "0" })).IsValid(out _));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
