using System.Diagnostics;
using RabatPlatform.Contracts;
using Xunit.Abstractions;

namespace RabatPlatform.Tests.Integration.Drills;

/// <summary>
/// The cluster drill (issue 18): RabbitMQ as a three-node cluster with quorum queues, the content service (writer,
/// outbox) and the search service (consumer, inbox) connected to all three nodes, under a steady write load. The node
/// the consumer is connected to goes away for the scale's broker outage: in CI its application is stopped (<c>rabbitmqctl stop_app</c>); at full scale (<c>eng/drills.sh</c>)
/// its Erlang VM is SIGKILLed. The services must carry on on the two other nodes during the outage (the queue keeps
/// a majority), then the node comes back and rejoins. Asserted: every event written applied once, none lost.
/// </summary>
[Collection(ClusterDrillCollection.Name)]
[Trait("Category", "Drill")]
public sealed class ClusterDrillTests(ClusterDrillPlatform cluster, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Queue = "search-news-published";

    private DrillPlatform Platform => cluster.Platform;

    private ClusterBroker Broker => cluster.Broker;

    private DrillScale Scale => Platform.Scale;

    public Task InitializeAsync() => Platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_cluster_node_gone_under_a_steady_write_load_the_services_carry_on_on_the_others_and_nothing_is_lost_or_applied_twice()
    {
        using var secretariat = Platform.Secretariat();
        await using var load = DrillLoad.Start(secretariat, Scale.WritesPerSecond);
        await load.WaitForWritesAsync(WarmupWrites, Scale.CatchUpLimit);
        await WaitAsync(async () => await DrillCounts.AppliedAsync(Platform) > 0, "the consumer applies events");
        var queue = await Broker.QueueAsync(Queue, "c");
        Assert.True(queue is { Type: "quorum", Members: 3 }, $"{Queue} is a quorum queue on the three nodes (Messaging:QuorumQueues): {queue}");

        // The node the consumer is connected to goes.
        var victim = (await Broker.ConnectionsOfAsync(ResourceNames.Search, "c")).FirstOrDefault()
            ?? throw new InvalidOperationException("The search service has no connection to the cluster.");
        var witness = ClusterBroker.Nodes.First(n => n != victim);
        var leaderBefore = (await Broker.QueueAsync(Queue, witness))?.Leader;
        var appliedAtStop = await DrillCounts.AppliedAsync(Platform);
        var writesAtStop = load.Succeeded;
        var outage = Stopwatch.StartNew();
        await (Scale.Full ? Broker.KillAsync(victim) : Broker.StopAppAsync(victim));
        var stopCommand = outage.Elapsed; // rabbitmqctl itself starts an Erlang VM: a second or more

        // Failover: the consumer applies events again (through another node) while the node is still away.
        var failoverTarget = appliedAtStop + (int)Math.Max(3, Scale.WritesPerSecond);
        await WaitAsync(async () => await DrillCounts.AppliedAsync(Platform) >= failoverTarget, "the consumer applies events again with a node away");
        var failover = outage.Elapsed;
        if (outage.Elapsed < Scale.BrokerOutage)
        {
            await Task.Delay(Scale.BrokerOutage - outage.Elapsed); // the length of the fault itself
        }

        // The management API lists connections from statistics it gathers every few seconds (later on a loaded machine):
        // wait until each service shows on the nodes left, rather than read one snapshot.
        IReadOnlyList<string> searchOn = [], contentOn = [];
        await WaitAsync(async () =>
        {
            searchOn = await Broker.ConnectionsOfAsync(ResourceNames.Search, witness);
            contentOn = await Broker.ConnectionsOfAsync(ResourceNames.Content, witness);
            return searchOn.Count > 0 && contentOn.Count > 0 && !searchOn.Contains(victim) && !contentOn.Contains(victim);
        }, "both services are connected to the nodes left");
        var leaderDuring = (await Broker.QueueAsync(Queue, witness))?.Leader;
        var atRestart = await DrillCounts.ReadAsync(Platform);
        var writtenDuringOutage = load.Succeeded - writesAtStop;
        var appliedDuringOutage = atRestart.Applied - appliedAtStop;
        await (Scale.Full ? Broker.StartNodeAsync(victim) : Broker.StartAppAsync(victim));
        var outageLength = outage.Elapsed;
        var sinceRestart = Stopwatch.StartNew();
        await load.StopAsync();

        var (counts, catchUp) = await DrillCounts.CatchUpAsync(Platform, sinceRestart);
        var queueAfter = await Broker.QueueAsync(Queue, witness);
        counts.Report(output, "RabbitMQ cluster: a node away", catchUp,
            $"3 nodes, quorum queues; node {victim} (the consumer's; queue leader {leaderBefore}) "
            + $"{(Scale.Full ? "SIGKILLed" : "stopped (stop_app)")} for {outageLength.TotalSeconds:0} s; "
            + $"consuming again {failover.TotalSeconds:0.0} s after the stop command ({stopCommand.TotalSeconds:0.0} s itself; leader then {leaderDuring}); "
            + $"{writtenDuringOutage} writes, {appliedDuringOutage} applied during it; {Platform.Search.DuplicatesSkipped} redelivery(ies) skipped by the inbox; "
            + $"cluster start {Broker.StartTime.TotalSeconds:0} s; catch-up from the restart");

        Assert.True(counts.Written > 0, "the load wrote events");
        Assert.Equal(0, counts.Lost);
        Assert.Equal(0, counts.AppliedTwice);
        Assert.Equal(0, counts.Pending);
        Assert.Equal(counts.Written, counts.Applied);
        Assert.Equal(2 * counts.Applied, counts.Documents); // one search document per language and item
        Assert.True(catchUp < Scale.CatchUpLimit, $"caught up within {Scale.CatchUpLimit.TotalSeconds} s (took {catchUp.TotalSeconds:0.0} s)");

        Assert.True(appliedDuringOutage > 0, "the consumer went on applying events while the node was away");
        Assert.DoesNotContain(victim, searchOn);
        Assert.NotEmpty(searchOn);
        Assert.DoesNotContain(victim, contentOn);
        Assert.NotEmpty(contentOn);
        Assert.True(leaderDuring is not null && leaderDuring != victim,
            $"the queue's leader moved off the node away (was {leaderBefore}, then {leaderDuring})");
        Assert.True(queueAfter is { Type: "quorum", Members: 3 }, $"{Queue} is still a quorum queue on the three nodes: {queueAfter}");
    }

    private int WarmupWrites => (int)Math.Max(5, Scale.WritesPerSecond * Scale.Warmup.TotalSeconds);

    private async Task WaitAsync(Func<Task<bool>> condition, string because)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < Scale.CatchUpLimit, $"Timed out after {Scale.CatchUpLimit.TotalSeconds} s waiting until {because}.");
            await Task.Delay(100);
        }
    }
}
