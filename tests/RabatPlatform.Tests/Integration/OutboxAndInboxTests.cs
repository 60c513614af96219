using System.Net;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence.Outbox;
using RabatPlatform.Search.Data;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration;

/// <summary>No event is ever lost (outbox) and a redelivery changes nothing (inbox).</summary>
[Collection(PlatformCollection.Name)]
public sealed class OutboxAndInboxTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync()
    {
        platform.ContentBroker.Restore();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_event_written_while_the_broker_is_unreachable_is_delivered_once_it_is_back()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var marker = TestApi.Unique("ob");

        platform.ContentBroker.Cut(); // restored in DisposeAsync whatever happens
        // The write succeeds: the event waits in the content service's outbox.
        var id = await TestApi.CreateAndPublishNewsAsync(secretariat, TestApi.NewsBody(
            $"Atelier sur la lutte contre le trafic de migrants {marker}", $"Workshop on migrant smuggling {marker}"));

        await TestApi.WaitUntilAsync(
            async () => await Outbox(m => m.Attempts >= 2 && m.Status == OutboxStatus.Pending),
            TimeSpan.FromSeconds(30), "the outbox has failed to publish twice while the broker is away");
        // The outbox gauges show the waiting event and how old it is.
        var database = await platform.InDbAsync<ContentDbContext, string>(
            platform.Content.Services, db => Task.FromResult(db.Database.GetDbConnection().Database));
        await TestApi.WaitUntilAsync(
            () => Task.FromResult(MetricCollector.Gauge("rabat.outbox.backlog", "db.namespace", database) >= 1
                && MetricCollector.Gauge("rabat.outbox.age", "db.namespace", database) > 0),
            TimeSpan.FromSeconds(10), "rabat.outbox.backlog and rabat.outbox.age report the waiting event");
        var meanwhile = await (await platform.Client.GetAsync($"/api/search?q={marker}&lang=fr")).ReadJsonAsync();
        Assert.Equal(0, meanwhile.Total());

        platform.ContentBroker.Restore();
        var found = await TestApi.SearchUntilAsync(platform.Client, marker, "fr", r => r.Total() > 0, TimeSpan.FromSeconds(60));
        Assert.Equal([id], found.Ids());
        await TestApi.WaitUntilAsync(
            async () => await Outbox(m => m.Status == OutboxStatus.Sent),
            TimeSpan.FromSeconds(10), "the outbox row is marked sent");
        await TestApi.WaitUntilAsync(
            () => Task.FromResult(MetricCollector.Gauge("rabat.outbox.backlog", "db.namespace", database) == 0
                && MetricCollector.Gauge("rabat.outbox.age", "db.namespace", database) == 0),
            TimeSpan.FromSeconds(10), "the outbox gauges are back to zero");
    }

    [Fact]
    public async Task A_duplicated_delivery_changes_nothing()
    {
        var bus = platform.Search.Services.GetRequiredService<IBus>();
        var newsId = Guid.NewGuid();
        var eventId = Guid.NewGuid();
        var marker = TestApi.Unique("ib");
        var original = Event(eventId, newsId, $"Original {marker}");

        await bus.Publish(original, ctx => ctx.MessageId = eventId);
        await TestApi.SearchUntilAsync(platform.Client, marker, "fr", r => r.Total() == 1);

        // The same event again (a broker redelivery), even with a different body: skipped by the inbox.
        var before = MetricCollector.Total("rabat.inbox.duplicates", "consumer", "search-news-published");
        await bus.Publish(Event(eventId, newsId, $"Altered {marker}"), ctx => ctx.MessageId = eventId);
        await TestApi.WaitUntilAsync(
            () => Task.FromResult(MetricCollector.Total("rabat.inbox.duplicates", "consumer", "search-news-published") > before),
            TimeSpan.FromSeconds(15), "the duplicate reaches the consumer");

        var documents = await SearchDocuments(newsId);
        Assert.Equal(2, documents.Count); // one per language
        Assert.All(documents, d => Assert.Equal($"Original {marker}", d.Title));
        Assert.Equal(1, await InboxRows(eventId));
    }

    [Fact]
    public async Task Concurrent_duplicates_are_processed_once()
    {
        var bus = platform.Search.Services.GetRequiredService<IBus>();
        var newsId = Guid.NewGuid();
        var eventId = Guid.NewGuid();
        var marker = TestApi.Unique("cc");
        var before = MetricCollector.Total("rabat.inbox.duplicates", "consumer", "search-news-published");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            bus.Publish(Event(eventId, newsId, $"Concurrent {marker}"), ctx => ctx.MessageId = eventId)));

        await TestApi.WaitUntilAsync(
            () => Task.FromResult(MetricCollector.Total("rabat.inbox.duplicates", "consumer", "search-news-published") - before >= 7),
            TimeSpan.FromSeconds(30), "all seven duplicates are skipped");
        Assert.Equal(1, await InboxRows(eventId));
        Assert.Equal(2, (await SearchDocuments(newsId)).Count);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_retried_then_moved_to_the_error_queue_without_a_partial_write()
    {
        var bus = platform.Search.Services.GetRequiredService<IBus>();
        var eventId = Guid.NewGuid();
        var newsId = Guid.NewGuid();
        var dead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var moved = MetricCollector.Total("rabat.messaging.moved_to_error");

        // Watch the consumer's error queue (without binding it to the event's exchange).
        var watcher = bus.ConnectReceiveEndpoint("search-news-published_error", endpoint =>
        {
            endpoint.ConfigureConsumeTopology = false;
            endpoint.Handler<NewsPublished>(context =>
            {
                if (context.Message.EventId == eventId)
                {
                    dead.TrySetResult();
                }

                return Task.CompletedTask;
            });
        });
        await watcher.Ready;
        try
        {
            // No translations at all: the consumer throws on every attempt.
            var poison = new NewsPublished(eventId, DateTimeOffset.UtcNow, newsId, DateTimeOffset.UtcNow, null!, []);
            await bus.Publish(poison, ctx => ctx.MessageId = eventId);
            await dead.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await watcher.StopAsync();
        }

        Assert.Equal(0, await InboxRows(eventId));
        Assert.Empty(await SearchDocuments(newsId));
        await TestApi.WaitUntilAsync(
            () => Task.FromResult(MetricCollector.Total("rabat.messaging.moved_to_error") > moved),
            TimeSpan.FromSeconds(10), "the move to the error queue is counted");
    }

    private static NewsPublished Event(Guid eventId, Guid newsId, string title) => new(
        eventId,
        DateTimeOffset.UtcNow,
        newsId,
        DateTimeOffset.UtcNow,
        new Dictionary<string, TranslatedText> { ["fr"] = new(title, null, null, TestApi.Unique("slug")) },
        []);

    private Task<bool> Outbox(Func<OutboxMessage, bool> predicate) =>
        platform.InDbAsync<ContentDbContext, bool>(platform.Content.Services, async db =>
        {
            // The write's own event (the GCM alignment's alignment.updated, once it has consumed it, is not).
            var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.Type != EventTypes.NameOf<GcmAlignmentUpdated>()).ToListAsync();
            return rows.Count == 1 && predicate(rows[0]);
        });

    private Task<List<SearchDocument>> SearchDocuments(Guid newsId) =>
        platform.InDbAsync<SearchDbContext, List<SearchDocument>>(platform.Search.Services,
            db => db.Documents.AsNoTracking().Where(d => d.ItemId == newsId).ToListAsync());

    private Task<int> InboxRows(Guid eventId) =>
        platform.InDbAsync<SearchDbContext, int>(platform.Search.Services,
            db => db.InboxMessages.CountAsync(m => m.MessageId == eventId));
}
