using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration;

/// <summary>The platform's own metrics reach every process's OpenTelemetry pipeline (what the Aspire dashboard shows).</summary>
[Collection(PlatformCollection.Name)]
public sealed class MetricsTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_platform_instrument_that_recorded_something_is_exported_by_every_process()
    {
        // Something to measure: a news item through the outbox, the broker and the search index. Other collections'
        // platforms record into the same process-wide meters: only what was measured while this platform runs counts.
        var since = DateTime.UtcNow;
        var secretariat = await platform.ClientAsAsync("secretariat");
        var marker = TestApi.Unique("mt");
        await TestApi.CreateAndPublishNewsAsync(secretariat, TestApi.NewsBody($"Mesures {marker}", $"Metrics {marker}"));
        await TestApi.SearchUntilAsync(platform.Client, marker, "fr", r => r.Total() > 0);
        // The outbox gauges observe every dispatcher's last measure (read once here, as a reader would).
        MetricCollector.Gauge("rabat.outbox.backlog", "db.namespace", "-");

        string[] always = ["rabat.outbox.backlog", "rabat.outbox.age", "rabat.outbox.dead_rows", "rabat.outbox.published"];
        var expected = always.Union(MetricCollector.MeasuredSince(since)).Order(StringComparer.Ordinal).ToList();
        var processes = new (string Name, Func<IReadOnlyDictionary<string, string>> Export)[]
        {
            ("content", platform.Content.ExportMetrics),
            ("meetings", platform.Meetings.ExportMetrics),
            ("publications", platform.Publications.ExportMetrics),
            ("subscriptions", platform.Subscriptions.ExportMetrics),
            ("search", platform.Search.ExportMetrics),
            ("gateway", platform.Gateway.ExportMetrics),
        };
        foreach (var (name, export) in processes)
        {
            var exported = export();
            var missing = expected.Where(instrument => !exported.ContainsKey(instrument)).ToList();
            Assert.True(missing.Count == 0, $"{name} does not export {string.Join(", ", missing)}");
        }
    }
}
