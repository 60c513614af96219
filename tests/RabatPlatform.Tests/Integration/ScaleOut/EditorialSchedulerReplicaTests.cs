using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content;
using RabatPlatform.Content.Data;
using RabatPlatform.Content.Features.Editorial;
using RabatPlatform.Contracts;
using static RabatPlatform.Tests.Infrastructure.EditorialTestApi;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.ScaleOut;

/// <summary>
/// The content scheduler with two replicas on one database: a due item is published once (one row in the outbox),
/// whether the job lease lets one round run at a time or two rounds overlap; and when the replica holding the lease
/// dies, the other publishes at its next round.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class EditorialSchedulerReplicaTests(ScaleOutFixture fixture)
{
    [Fact]
    public async Task A_scheduled_publish_due_now_is_published_once_with_both_replicas_running_the_scheduler()
    {
        var content = await fixture.ContentAsync();
        var items = await ScheduleAsync(content, 5, TimeSpan.FromMinutes(30));
        content.Clock.Advance(TimeSpan.FromMinutes(31));

        await WaitPublishedAsync(content, items);
        // Both schedulers keep running rounds: still one event per item.
        await Task.WhenAll(content.Hosts.Select(h => PlatformFixture.RoundsAsync<EditorialScheduler>(h.Services, 3)));
        Assert.All(await PublishedEventsAsync(content, items), n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Two_scheduler_rounds_at_once_publish_each_due_item_once()
    {
        // Without the lease (its connection lost mid-round, say), two rounds may overlap: each item's save is checked
        // against its concurrency token, so one round publishes it and the other skips it.
        var content = await fixture.ContentAsync();
        await using var holder = await LockHolder.TakeAsync(content.Database, EditorialScheduler.JobName);
        var items = await ScheduleAsync(content, 8, TimeSpan.FromMinutes(30));
        content.Clock.Advance(TimeSpan.FromMinutes(31));

        var schedulers = content.Hosts.Select(Replicas<ContentApiMarker>.Job<EditorialScheduler>).ToList();
        var changed = 0;
        for (var round = 0; round < 3; round++)
        {
            changed += (await Task.WhenAll(schedulers.Select(s => s.RunOnceAsync(CancellationToken.None)))).Sum();
        }

        Assert.Equal(items.Count, changed);
        Assert.All(await PublishedEventsAsync(content, items), n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task When_the_replica_holding_the_lease_dies_another_replica_runs_the_job_at_its_next_round()
    {
        var content = await fixture.ContentAsync();

        // A third replica is in the middle of a round (it holds the lease): the two others skip theirs.
        var holder = await LockHolder.TakeAsync(content.Database, EditorialScheduler.JobName);
        try
        {
            var items = await ScheduleAsync(content, 3, TimeSpan.FromMinutes(30));
            content.Clock.Advance(TimeSpan.FromMinutes(31));
            await Task.WhenAll(content.Hosts.Select(h => PlatformFixture.RoundsAsync<EditorialScheduler>(h.Services, 3)));
            Assert.All(await PublishedEventsAsync(content, items), n => Assert.Equal(0, n));

            // It dies mid-round: its connection drops, the server ends its session and the lock with it.
            await holder.CrashAsync();
            await WaitPublishedAsync(content, items);
            await Task.WhenAll(content.Hosts.Select(h => PlatformFixture.RoundsAsync<EditorialScheduler>(h.Services, 2)));
            Assert.All(await PublishedEventsAsync(content, items), n => Assert.Equal(1, n));
        }
        finally
        {
            await holder.DisposeAsync();
        }

        // A replica that stops (a rolling update, a scale-in) leaves no lease behind: the other one goes on alone.
        var stopped = content[1];
        await content.StopAsync(stopped);
        try
        {
            var later = await ScheduleAsync(content, 2, TimeSpan.FromMinutes(30));
            content.Clock.Advance(TimeSpan.FromMinutes(31));
            await WaitPublishedAsync(content, later);
            Assert.All(await PublishedEventsAsync(content, later), n => Assert.Equal(1, n));
        }
        finally
        {
            content.AddReplica();
        }
    }

    private static async Task<List<Guid>> ScheduleAsync(Replicas<ContentApiMarker> content, int count, TimeSpan after)
    {
        using var secretariat = content.SecretariatClient();
        var publishAt = content.Clock.GetUtcNow() + after;
        var items = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            items.Add((await CreateAsync(secretariat, "news", Body($"Programmée {i}", $"Scheduled {i}", publishAt: publishAt))).Id());
        }

        return items;
    }

    private static Task WaitPublishedAsync(Replicas<ContentApiMarker> content, List<Guid> items) =>
        TestApi.WaitUntilAsync(
            async () => await content.InDbAsync<ContentDbContext, int>(db =>
                db.EditorialItems.CountAsync(n => items.Contains(n.Id) && n.Status == EditorialStatus.Published)) == items.Count,
            TimeSpan.FromSeconds(20), $"{items.Count} scheduled item(s) are published");

    /// <summary>How many <c>news.published</c> events the outbox holds for each item.</summary>
    private static async Task<List<int>> PublishedEventsAsync(Replicas<ContentApiMarker> content, List<Guid> items)
    {
        var type = EventTypes.NameOf<NewsPublished>();
        var payloads = await content.InDbAsync<ContentDbContext, List<string>>(db =>
            db.OutboxMessages.Where(m => m.Type == type).Select(m => m.Payload).ToListAsync());
        return items.Select(id => payloads.Count(p => p.Contains(id.ToString(), StringComparison.Ordinal))).ToList();
    }
}
