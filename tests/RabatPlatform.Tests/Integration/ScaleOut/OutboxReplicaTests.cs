using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RabatPlatform.Content;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence;
using RabatPlatform.Persistence.Outbox;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.ScaleOut;

/// <summary>
/// Two outbox dispatchers (two replicas of the content service) over one outbox: each row is published once, neither
/// waits behind the other's rows, and the rows of a dispatcher that dies mid-batch are published by the others.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class OutboxReplicaTests(ScaleOutFixture fixture)
{
    private const int Rows = 500;
    private const int HeldByTheDeadOne = 100;

    [Fact]
    public async Task Two_dispatchers_publish_500_rows_each_once_and_the_rows_of_a_dispatcher_dying_mid_batch_follow()
    {
        var content = await fixture.ContentAsync();
        var counters = content.Hosts.Select(h => new PublishCounter(h.Services.GetRequiredService<IBus>())).ToList();
        try
        {
            // 500 events, due in an hour (so that nobody takes them before the test is ready), written by no replica.
            var dueAt = content.Clock.GetUtcNow().AddHours(1);
            var events = Enumerable.Range(0, Rows)
                .Select(i => new MeetingRegistrationDeadlineApproaching(Guid.CreateVersion7(), dueAt.AddTicks(i), Guid.NewGuid(), dueAt, 3))
                .ToList();
            await using (var db = new ContentDbContext((DbContextOptions<ContentDbContext>)new DbContextOptionsBuilder<ContentDbContext>()
                .UseServiceDatabase(content.Database).Options))
            {
                db.OutboxMessages.AddRange(events.Select(e => OutboxMessage.Create(e, null)));
                await db.SaveChangesAsync();
            }

            // A third dispatcher claims the first 100 (as DispatchBatchAsync does) and hangs there, its transaction open.
            var ids = events.Select(e => e.EventId).ToArray();
            var held = ids[..HeldByTheDeadOne];
            await using var dead = await ClaimingDispatcher.ClaimAsync(content.Database, held);

            // They are all due now: the two live dispatchers share the 400 others (their loops and the test's own
            // calls at once), skipping the locked ones instead of waiting for them.
            content.Clock.Advance(TimeSpan.FromHours(2));
            var dispatchers = content.Hosts.Select(Replicas<ContentApiMarker>.Job<OutboxDispatcher<ContentDbContext>>).ToList();
            await Task.WhenAll(dispatchers.Select(async d =>
            {
                while (await d.DispatchBatchAsync(CancellationToken.None))
                {
                }
            }));
            await TestApi.WaitUntilAsync(() => Task.FromResult(counters.Sum(c => c.Count(ids)) >= Rows - HeldByTheDeadOne),
                TimeSpan.FromSeconds(30), "the rows not held are published");
            // A background sweep's batch can be published and not yet marked sent when the counters see it: wait for its
            // commit. The held rows stay pending whatever happens (locked), so this ends at exactly the held ones.
            await TestApi.WaitUntilAsync(async () => await PendingAsync(content, ids) <= HeldByTheDeadOne, TimeSpan.FromSeconds(30),
                "the published rows are marked sent");
            Assert.Equal(0, counters.Sum(c => c.Count(held)));
            Assert.Equal(HeldByTheDeadOne, await PendingAsync(content, ids));

            // It dies: its connection drops, its transaction rolls back, the rows are free again.
            await dead.CrashAsync();
            await TestApi.WaitUntilAsync(async () => await PendingAsync(content, ids) == 0, TimeSpan.FromSeconds(30), "every row is sent");
            await Task.WhenAll(content.Hosts.Select(h => PlatformFixture.RoundsAsync<OutboxDispatcher<ContentDbContext>>(h.Services, 2)));

            var published = counters.SelectMany(c => c.Published).Where(p => ids.Contains(p.Key)).GroupBy(p => p.Key)
                .ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
            Assert.Equal(Rows, published.Count);
            Assert.All(published, p => Assert.Equal(1, p.Value));
            Assert.All(counters, c => Assert.True(c.Count(ids) > 0, "both dispatchers published some of the rows"));
        }
        finally
        {
            foreach (var counter in counters)
            {
                counter.Dispose();
            }
        }
    }

    private static Task<int> PendingAsync(Replicas<ContentApiMarker> content, Guid[] ids) =>
        content.InDbAsync<ContentDbContext, int>(db => db.OutboxMessages.CountAsync(m => ids.Contains(m.Id) && m.Status != OutboxStatus.Sent));

    /// <summary>Counts what one replica's bus published (confirmed by the broker), by message id.</summary>
    private sealed class PublishCounter : IPublishObserver, IDisposable
    {
        private readonly ConnectHandle handle;

        public PublishCounter(IBus bus) => handle = bus.ConnectPublishObserver(this);

        public ConcurrentDictionary<Guid, int> Published { get; } = new();

        public int Count(Guid[] ids) => ids.Count(Published.ContainsKey);

        public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PostPublish<T>(PublishContext<T> context) where T : class
        {
            if (context.MessageId is { } id)
            {
                Published.AddOrUpdate(id, 1, (_, n) => n + 1);
            }

            return Task.CompletedTask;
        }

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;

        public void Dispose() => handle.Disconnect();
    }

    /// <summary>A dispatcher of a third replica that has claimed rows (locked them in its open transaction) and then dies.</summary>
    private sealed class ClaimingDispatcher : IAsyncDisposable
    {
        private readonly DoomedSession session;

        private ClaimingDispatcher(DoomedSession session) => this.session = session;

        public static async Task<ClaimingDispatcher> ClaimAsync(string database, Guid[] ids)
        {
            var session = await DoomedSession.OpenAsync(database);
            var connection = session.Connection;

            // The transaction stays open: it is never committed nor disposed, the connection keeps it until it drops.
            _ = await connection.BeginTransactionAsync();
            await using var claim = new NpgsqlCommand("SELECT count(*) FROM (SELECT id FROM outbox_messages WHERE id = ANY($1) FOR UPDATE SKIP LOCKED) c", connection);
            claim.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
            Assert.Equal((long)ids.Length, await claim.ExecuteScalarAsync());
            return new ClaimingDispatcher(session);
        }

        public Task CrashAsync() => session.CrashAsync();

        public ValueTask DisposeAsync() => session.DisposeAsync();
    }
}
