using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence.Operations;
using RabatPlatform.Persistence.Outbox;
using RabatPlatform.Search.Data;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration;

/// <summary>
/// The operator's re-drive: what a service gave up on — messages in its consumers' <c>_error</c> queues, dead
/// outbox rows — goes round again once the cause is fixed, each once, and the run is recorded (issue 19, item 1).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RedriveTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_message_left_in_an_error_queue_is_applied_once_redriven_and_the_run_is_recorded()
    {
        var marker = TestApi.Unique("redrive");
        var bus = platform.Search.Services.GetRequiredService<IBus>();
        var errorQueue = await bus.GetSendEndpoint(new Uri("queue:search-news-published_error"));
        await errorQueue.Send(News(marker));

        var result = await Redrive.RunAsync<SearchDbContext>(platform.Search.Services);

        Assert.Equal(1, result.MessagesMoved.GetValueOrDefault("search-news-published"));
        await TestApi.SearchUntilAsync(platform.Client, marker, "fr", r => r.Total() == 1);
        var again = await Redrive.RunAsync<SearchDbContext>(platform.Search.Services);
        Assert.Empty(again.MessagesMoved);
        var recorded = await platform.InDbAsync<SearchDbContext, List<OperatorAction>>(platform.Search.Services,
            db => db.OperatorActions.OrderBy(a => a.At).ToListAsync());
        Assert.Equal([Redrive.Command, Redrive.Command], recorded.Select(a => a.Action));
        Assert.Contains("search-news-published", recorded[0].Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dead_outbox_row_is_published_once_redriven()
    {
        var marker = TestApi.Unique("dead");
        var now = DateTimeOffset.UtcNow;
        await platform.InDbAsync<ContentDbContext, int>(platform.Content.Services, db =>
        {
            var row = OutboxMessage.Create(News(marker), null);
            row.MarkFailed("the broker refused it", now, new OutboxOptions(), permanent: true);
            db.OutboxMessages.Add(row);
            return db.SaveChangesAsync();
        });

        var result = await Redrive.RunAsync<ContentDbContext>(platform.Content.Services);

        Assert.Equal(1, result.OutboxRowsRequeued);
        await TestApi.SearchUntilAsync(platform.Client, marker, "fr", r => r.Total() == 1);
        Assert.Equal(0, (await Redrive.RunAsync<ContentDbContext>(platform.Content.Services)).OutboxRowsRequeued);
    }

    private static NewsPublished News(string marker)
    {
        var now = DateTimeOffset.UtcNow;
        return new NewsPublished(Guid.NewGuid(), now, Guid.NewGuid(), now,
            new Dictionary<string, TranslatedText> { ["fr"] = new($"Reprise {marker}", null, null, marker) }, []);
    }
}
