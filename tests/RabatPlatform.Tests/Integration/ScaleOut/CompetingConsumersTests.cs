using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Contracts;
using RabatPlatform.Search.Data;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.ScaleOut;

/// <summary>
/// Competing consumers: two replicas of the search service on one queue (<c>search-news-published</c>). Every event is
/// delivered twice, back to back (as a redelivery after a lost acknowledgement would be), so the two copies often run
/// at once on the two replicas: the inbox key makes each event applied once, the other copy skipped.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class CompetingConsumersTests(ScaleOutFixture fixture)
{
    private const int Events = 60;
    private const string Queue = "search-news-published";

    [Fact]
    public async Task Two_replicas_on_one_queue_apply_each_event_once()
    {
        var search = await fixture.SearchAsync();
        var counters = search.Hosts.Select(h => new ConsumeCounter(h.Services.GetRequiredService<IBus>())).ToList();
        using var logs = LogCollector.Start();
        try
        {
            var events = Enumerable.Range(0, Events)
                .Select(i => NewsletterTestApi.News(Guid.NewGuid(), $"Actualité {i}", $"News {i}", "border-management"))
                .ToList();
            var bus = search[0].Services.GetRequiredService<IBus>();
            await Task.WhenAll(events.Select(async e =>
            {
                await bus.Publish(e);
                await bus.Publish(e); // the same event again: same event id, a new delivery
            }));

            var eventIds = events.Select(e => e.EventId).ToHashSet();
            await TestApi.WaitUntilAsync(() => Task.FromResult(counters.Sum(c => c.Count(eventIds)) >= 2 * Events),
                TimeSpan.FromSeconds(30), $"both copies of the {Events} events are consumed");

            var ids = eventIds.ToList();
            var newsIds = events.Select(e => e.NewsId).ToList();
            Assert.Equal(Events, await search.InDbAsync<SearchDbContext, int>(db =>
                db.InboxMessages.CountAsync(m => ids.Contains(m.MessageId) && m.Consumer == Queue)));
            Assert.Equal(Events, await search.InDbAsync<SearchDbContext, int>(db =>
                db.Documents.Where(d => d.ItemType == "news" && newsIds.Contains(d.ItemId)).Select(d => d.ItemId).Distinct().CountAsync()));

            // Each event: one copy applied, the other skipped by the inbox (with a log line naming it).
            var skipped = logs.Entries.Where(e => e.Contains("was already processed by " + Queue, StringComparison.Ordinal)).ToList();
            Assert.All(ids, id => Assert.Single(skipped, e => e.Contains(id.ToString(), StringComparison.Ordinal)));
            Assert.All(counters, c => Assert.True(c.Count(eventIds) > 0, "both replicas consumed from the queue"));
        }
        finally
        {
            foreach (var counter in counters)
            {
                counter.Dispose();
            }
        }
    }

    /// <summary>Counts the deliveries one replica's consumers finished, by event id.</summary>
    private sealed class ConsumeCounter : IConsumeObserver, IDisposable
    {
        private readonly ConnectHandle handle;
        private readonly ConcurrentQueue<Guid> consumed = new();

        public ConsumeCounter(IBus bus) => handle = bus.ConnectConsumeObserver(this);

        public int Count(IReadOnlySet<Guid> ids) => consumed.Count(ids.Contains);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.Message is IIntegrationEvent e)
            {
                consumed.Enqueue(e.EventId);
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;

        public void Dispose() => handle.Disconnect();
    }
}
