using System.Diagnostics;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration;

/// <summary>A trace that starts at an HTTP request continues through the outbox, the broker and every consumer.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TracingTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly ActivitySource TestSource = new("RabatPlatform.Tests");

    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task One_trace_runs_from_the_gateway_through_the_broker_into_the_search_consumer()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var marker = TestApi.Unique("tr");
        ActivityTraceId traceId;
        using (var root = TestSource.StartActivity("test: publish news", ActivityKind.Client))
        {
            Assert.NotNull(root);
            traceId = root.TraceId;
            await TestApi.CreateAndPublishNewsAsync(secretariat, TestApi.NewsBody($"Trace {marker}", $"Trace {marker}"));
        }

        await TestApi.SearchUntilAsync(platform.Client, marker, "fr", r => r.Total() > 0);
        await TestApi.WaitUntilAsync(
            () => Task.FromResult(ActivityCollector.InTrace(traceId).Any(IsSearchConsumer)),
            TimeSpan.FromSeconds(15),
            "the search consumer's span joins the trace");

        var spans = ActivityCollector.InTrace(traceId);
        string Describe() => string.Join("\n", spans.Select(s => $"{s.Source.Name} {s.Kind} {s.DisplayName}"));
        Assert.True(spans.Any(s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server
            && s.GetTagItem("url.path") is string path && path.EndsWith("/publish", StringComparison.Ordinal)), Describe());
        Assert.True(spans.Any(s => s.Source.Name == "RabatPlatform.Messaging" && s.DisplayName == "outbox dispatch news.published"), Describe());
        Assert.True(spans.Any(s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer), Describe());
        Assert.True(spans.Any(IsSearchConsumer), Describe());
    }

    private static bool IsSearchConsumer(Activity span) =>
        span.Source.Name == "MassTransit" && span.Kind == ActivityKind.Consumer
        && span.Tags.Any(t => t.Value?.Contains("search-news-published", StringComparison.Ordinal) == true);
}
