using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration;

/// <summary>
/// A consumer whose own database is down keeps the message and waits: no event is given up to an <c>_error</c>
/// queue because a dependency blinked, however long the outage (issue 19, item 1).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DependencyOutageTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync()
    {
        platform.SearchDatabase.Restore();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_event_is_not_lost_when_the_consumers_database_is_down_longer_than_the_retries()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var marker = TestApi.Unique("outage");
        var retried = MetricCollector.Total("rabat.messaging.transient_retries");

        platform.SearchDatabase.Cut();
        await TestApi.CreateAndPublishNewsAsync(secretariat, TestApi.NewsBody($"Panne {marker}", $"Outage {marker}"));
        // Well past the retry limit of other failures (Messaging:Retry:Limit, 5), the consumer still waits.
        await TestApi.WaitUntilAsync(
            () => Task.FromResult(MetricCollector.Total("rabat.messaging.transient_retries") - retried >= 10),
            TimeSpan.FromSeconds(60), "the search consumer keeps retrying while its database is down");

        platform.SearchDatabase.Restore();
        await TestApi.SearchUntilAsync(platform.Client, marker, "fr", r => r.Total() == 1);
    }
}
