using System.Diagnostics;
using System.Net;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Security;

/// <summary>
/// Link tokens (newsletter manage links, valid two years; editorial previews) travel in query strings: none of them
/// may reach a log entry or a span, in the gateway or in a service. The parameter stays visible, its value redacted.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SecretsInTelemetryTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/api/subscriptions/newsletter/preferences")]
    [InlineData("/api/subscriptions/newsletter/unsubscribe")]
    [InlineData("/api/content/pages/preview")]
    public async Task Query_string_tokens_never_reach_logs_or_spans(string path)
    {
        var secret = $"SECRET123{Guid.NewGuid():N}";
        var since = DateTime.UtcNow;
        using var logs = LogCollector.Start();
        Activity.Current = null;

        var response = await platform.Client.GetAsync(
            $"{path}?token={secret}&lang=en&signature=sig{secret}&api_key=key{secret}&code=code{secret}&client_secret=cs{secret}");
        Assert.NotEqual(HttpStatusCode.NotFound, response.StatusCode);

        // The gateway's access log line of that request, and the service's request span (the last ones written).
        await TestApi.WaitUntilAsync(
            () => Task.FromResult(logs.Entries.Any(e => e.Contains("HttpLogging", StringComparison.Ordinal) && e.Contains(path, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10), "the gateway logs the request");
        await TestApi.WaitUntilAsync(
            () => Task.FromResult(ServerSpans(since, path).Count >= 2),
            TimeSpan.FromSeconds(10), "the gateway's and the service's request spans end");

        var leaking = logs.Entries.Where(e => e.Contains(secret, StringComparison.Ordinal)).ToList();
        Assert.True(leaking.Count == 0, string.Join("\n", leaking));
        var access = logs.Entries.First(e => e.Contains("HttpLogging", StringComparison.Ordinal) && e.Contains(path, StringComparison.Ordinal));
        Assert.Contains("token=REDACTED", access, StringComparison.Ordinal);
        Assert.Contains("signature=REDACTED", access, StringComparison.Ordinal);
        Assert.Contains("lang=en", access, StringComparison.Ordinal);

        var spans = ActivityCollector.StartedSince(since);
        var tagged = spans
            .SelectMany(s => s.TagObjects.Select(t => (Span: s, t.Key, Value: Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")))
            .Concat(spans.SelectMany(s => s.Events.SelectMany(e => e.Tags.Select(t => (Span: s, t.Key, Value: t.Value?.ToString() ?? "")))))
            .Concat(spans.Select(s => (Span: s, Key: "display name", Value: s.DisplayName)))
            .Where(t => t.Value.Contains(secret, StringComparison.Ordinal))
            .ToList();
        Assert.True(tagged.Count == 0, string.Join("\n", tagged.Select(t => $"{t.Span.Source.Name} {t.Span.DisplayName}: {t.Key}={t.Value}")));
        foreach (var span in ServerSpans(since, path))
        {
            var query = span.GetTagItem("url.query") as string;
            // The instrumentation itself may blank every value (lang=Redacted): the names stay, the secrets go.
            Assert.True(query is not null && query.Contains("token=REDACTED", StringComparison.Ordinal) && query.Contains("lang=", StringComparison.Ordinal),
                $"{span.DisplayName}: url.query={query}");
        }
    }

    private static List<Activity> ServerSpans(DateTime since, string path) =>
        ActivityCollector.StartedSince(since)
            .Where(s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server && Equals(s.GetTagItem("url.path"), path))
            .ToList();
}
