using System.Diagnostics;
using Xunit.Abstractions;

namespace RabatPlatform.Tests.Integration.Drills;

/// <summary>
/// Fault drills (issue 19): each runs under a steady write load (news items published through the content service's
/// API), does something bad to the platform, and asserts that every event written was applied by the search
/// consumer, none twice, and how long the platform took to catch up. The services are real child processes
/// (<see cref="DrillPlatform"/>). CI runs them at a small scale; <c>eng/drills.sh</c> runs the same drills at full
/// scale (<see cref="DrillScale"/>) and prints the table of docs/reliability.md.
/// </summary>
[Collection(DrillsCollection.Name)]
[Trait("Category", "Drill")]
public sealed class FaultDrillTests(DrillPlatform platform, ITestOutputHelper output) : IAsyncLifetime
{
    private DrillScale Scale => platform.Scale;

    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync()
    {
        platform.Broker.Restore();
        platform.SearchDatabase.Restore();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_consumers_database_away_longer_than_the_retry_schedule_loses_nothing_and_applies_each_event_once()
    {
        Assert.True(Scale.DatabaseOutage > Scale.RetryScheduleBound, "the outage outlasts every retry of a non-transient failure");
        using var secretariat = platform.Secretariat();
        await using var load = DrillLoad.Start(secretariat, Scale.WritesPerSecond);
        await load.WaitForWritesAsync(WarmupWrites, Scale.CatchUpLimit);

        platform.SearchDatabase.Cut();
        var appliedAtCut = (await DrillCounts.ReadAsync(platform)).Applied;
        await Task.Delay(Scale.DatabaseOutage); // the length of the fault itself, not a wait for something to happen
        var appliedDuringCut = (await DrillCounts.ReadAsync(platform)).Applied - appliedAtCut;
        platform.SearchDatabase.Restore();
        var sinceRestore = Stopwatch.StartNew();
        await load.StopAsync();

        var (counts, catchUp) = await DrillCounts.CatchUpAsync(platform, sinceRestore);
        counts.Report(output, "search's database away", catchUp,
            $"{Scale.DatabaseOutage.TotalSeconds:0} s outage (retry schedule <= {Scale.RetryScheduleBound.TotalSeconds:0} s), {load.Failed} writes refused");
        AssertExactlyOnce(counts, catchUp);
        Assert.True(appliedDuringCut <= 8, $"the consumer applied {appliedDuringCut} events while its database was cut (only those under way may finish)");
    }

    [Fact]
    public async Task The_broker_away_under_a_steady_write_load_loses_nothing_and_applies_each_event_once()
    {
        using var secretariat = platform.Secretariat();
        await using var load = DrillLoad.Start(secretariat, Scale.WritesPerSecond);
        await load.WaitForWritesAsync(WarmupWrites, Scale.CatchUpLimit);

        // At full scale (eng/drills.sh, the drills alone) the node itself is stopped; in CI a proxy in front of it is cut.
        var node = Scale.Full ? BrokerNode.OfThisProcess() : null;
        await (node?.StopAsync() ?? Cut(platform.Broker));
        var writesAtCut = load.Succeeded;
        await Task.Delay(Scale.BrokerOutage); // the length of the fault itself
        var writtenDuringCut = load.Succeeded - writesAtCut;
        var pendingAtRestore = (await DrillCounts.ReadAsync(platform)).Pending;
        await (node?.StartAsync() ?? Restore(platform.Broker));
        var sinceRestore = Stopwatch.StartNew();
        await load.StopAsync();

        var (counts, catchUp) = await DrillCounts.CatchUpAsync(platform, sinceRestore);
        counts.Report(output, "RabbitMQ away", catchUp,
            $"{(node is null ? "proxy cut" : "node stopped (rabbitmqctl stop_app)")} for {Scale.BrokerOutage.TotalSeconds:0} s, {writtenDuringCut} writes during it, {pendingAtRestore} waiting in the outbox at the end");
        AssertExactlyOnce(counts, catchUp);
        Assert.True(writtenDuringCut > 0, "writes went on while the broker was away (the outbox holds their events)");
        Assert.True(pendingAtRestore > 0, "events waited in the outbox while the broker was away");
    }

    [Fact]
    public async Task A_publisher_killed_between_publish_and_mark_sent_republishes_and_the_inbox_applies_once()
    {
        using var secretariat = platform.Secretariat();
        await using var load = DrillLoad.Start(secretariat, Scale.WritesPerSecond);
        await load.WaitForWritesAsync(WarmupWrites, Scale.CatchUpLimit);
        var skippedBefore = platform.Search.DuplicatesSkipped;
        var caught = new HashSet<Guid>(); // events published, not marked sent when a kill struck (one may be caught twice)
        var restart = Stopwatch.StartNew();
        for (var kill = 0; kill < Scale.Kills; kill++)
        {
            // Armed, the content service kills itself (SIGKILL) right after the broker confirmed a publish, before
            // the row is marked sent (Drills:KillAfterPublishes, services/persistence/Outbox/OutboxDrill.cs).
            await platform.Content.KillAsync();
            // Not awaited healthy: with events still pending from the load, the relay's first batch at start may
            // reach the armed publish before the service reports healthy, and the kill then strikes during start.
            await platform.Content.StartAsync(new Dictionary<string, string> { ["Drills__KillAfterPublishes"] = $"{5 + (3 * kill)}" }, untilHealthy: false);
            await platform.Content.WaitForExitAsync(Scale.CatchUpLimit);

            // Those rows reached the consumer but are still pending: the kill hit the window.
            await WaitAsync(async () => (await DrillCounts.PublishedButNotMarkedSentAsync(platform)).Count > 0,
                "an event published before the kill reaches the consumer while its row is still pending");
            caught.UnionWith(await DrillCounts.PublishedButNotMarkedSentAsync(platform));
            restart.Restart();
            await platform.Content.StartAsync();
        }

        await load.StopAsync();
        var (counts, catchUp) = await DrillCounts.CatchUpAsync(platform, restart);
        await WaitAsync(() => Task.FromResult(platform.Search.DuplicatesSkipped - skippedBefore >= caught.Count),
            "the relay published each such event again and the consumer's inbox skipped it");
        counts.Report(output, "publisher killed between publish and mark-sent", catchUp,
            $"{Scale.Kills} kill(s); {caught.Count} event(s) published, not marked sent, published again; {platform.Search.DuplicatesSkipped - skippedBefore} redelivery(ies) skipped by the inbox; catch-up from the restart");
        AssertExactlyOnce(counts, catchUp);
        Assert.NotEmpty(caught); // and each kill waited above for one such event
    }

    [Fact]
    public async Task A_consumer_killed_mid_batch_applies_every_event_once_after_restart()
    {
        using var secretariat = platform.Secretariat();
        await using var load = DrillLoad.Start(secretariat, Scale.WritesPerSecond);
        await load.WaitForWritesAsync(WarmupWrites, Scale.CatchUpLimit);
        var backlogs = new List<int>();
        var restart = Stopwatch.StartNew();
        for (var kill = 0; kill < Scale.Kills; kill++)
        {
            // A backlog builds up while search cannot reach its database (holding its prefetched messages unacknowledged);
            // once the database is back and search is consuming the backlog (several messages delivered, unacknowledged,
            // in transactions), it is killed mid-batch.
            platform.SearchDatabase.Cut();
            await load.WaitForWritesAsync(BacklogWrites, Scale.CatchUpLimit);
            var before = await DrillCounts.AppliedAsync(platform);
            platform.SearchDatabase.Restore();
            await WaitAsync(async () => await DrillCounts.AppliedAsync(platform) > before, "search consumes the backlog", TimeSpan.FromMilliseconds(10));
            await platform.Search.KillAsync();
            var atKill = await DrillCounts.ReadAsync(platform);
            Assert.True(atKill.Written > atKill.Applied, "search was killed with messages still to consume");
            backlogs.Add(atKill.Written - atKill.Applied);
            restart.Restart();
            await platform.Search.StartAsync();
        }

        await load.StopAsync();
        var (counts, catchUp) = await DrillCounts.CatchUpAsync(platform, restart);
        counts.Report(output, "consumer killed mid-batch", catchUp,
            $"{Scale.Kills} kill(s) while consuming, backlog at each kill {string.Join(", ", backlogs)}; {platform.Search.DuplicatesSkipped} redelivery(ies) skipped by the inbox; catch-up from the last restart");
        AssertExactlyOnce(counts, catchUp);
    }

    private static Task Cut(Infrastructure.TcpProxy proxy)
    {
        proxy.Cut();
        return Task.CompletedTask;
    }

    private static Task Restore(Infrastructure.TcpProxy proxy)
    {
        proxy.Restore();
        return Task.CompletedTask;
    }

    private int WarmupWrites => (int)Math.Max(5, Scale.WritesPerSecond * Scale.Warmup.TotalSeconds);

    /// <summary>The backlog a stopped consumer finds on restart: large enough to still be consuming when killed.</summary>
    private int BacklogWrites => Scale.Full ? 200 : 40;

    private void AssertExactlyOnce(DrillCounts counts, TimeSpan catchUp)
    {
        Assert.True(counts.Written > 0, "the load wrote events");
        Assert.Equal(0, counts.Lost);
        Assert.Equal(0, counts.AppliedTwice);
        Assert.Equal(0, counts.Pending);
        Assert.Equal(counts.Written, counts.Applied);
        Assert.Equal(2 * counts.Applied, counts.Documents); // one search document per language and item
        Assert.True(catchUp < Scale.CatchUpLimit, $"caught up within {Scale.CatchUpLimit.TotalSeconds} s (took {catchUp.TotalSeconds:0.0} s)");
    }

    private async Task WaitAsync(Func<Task<bool>> condition, string because, TimeSpan? poll = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < Scale.CatchUpLimit, $"Timed out after {Scale.CatchUpLimit.TotalSeconds} s waiting until {because}.");
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(100));
        }
    }
}
