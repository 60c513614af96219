using RabatPlatform.Contracts;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Drills;

/// <summary>The cluster drill: a RabbitMQ cluster of its own, so a collection of its own.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterDrillCollection : ICollectionFixture<ClusterDrillPlatform>
{
    public const string Name = "cluster drill";
}

/// <summary>
/// The platform of the cluster drill: a three-node RabbitMQ cluster (<see cref="ClusterBroker"/>) and the drills'
/// content and search services as child processes (<see cref="DrillPlatform"/>), connected to all three nodes
/// (<c>Messaging:ClusterNodes</c>) with quorum queues (<c>Messaging:QuorumQueues</c>).
/// </summary>
public sealed class ClusterDrillPlatform : IAsyncLifetime
{
    private int disposed;

    public ClusterBroker Broker { get; private set; } = null!;

    public DrillPlatform Platform { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The cluster starts while the tests' own servers do (PostgreSQL is needed; their RabbitMQ node is not used).
        var broker = ClusterBroker.StartAsync();
        try
        {
            await Task.WhenAll(broker, TestServers.GetAsync());
        }
        catch when (broker.IsCompletedSuccessfully)
        {
            await broker.Result.DisposeAsync();
            throw;
        }

        Broker = await broker;
        try
        {
            Platform = new DrillPlatform(new Dictionary<string, string>
            {
                [$"ConnectionStrings__{ResourceNames.Messaging}"] = Broker.ConnectionString,
                ["Messaging__ClusterNodes"] = Broker.ClusterNodes,
                ["Messaging__QuorumQueues"] = "true",
            });
            await Platform.InitializeAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        if (Platform is not null)
        {
            await Platform.DisposeAsync();
        }

        await Broker.DisposeAsync();
    }
}
