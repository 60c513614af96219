using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RabatPlatform.Content.Data;
using RabatPlatform.Content.Features.Editorial;
using RabatPlatform.Meetings.Features.Registrations;
using RabatPlatform.Persistence.Outbox;
using RabatPlatform.Subscriptions.Features.Email;
using RabatPlatform.Subscriptions.Features.Webhooks;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration;

/// <summary>
/// A trace that starts at an HTTP request continues through the outbox, the broker and every consumer; background
/// polling that finds nothing to do makes no trace.
/// </summary>
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

    [Fact]
    public async Task Idle_background_polling_makes_no_root_database_trace()
    {
        // Every background loop of every service polls its tables meanwhile: the outbox sweepers every
        // 0.5 s, the content scheduler, the meetings jobs and the mail sender every 0.2 s, the webhook
        // dispatcher every 0.1 s. Nothing is due, so none of them may start a trace.
        var since = DateTime.UtcNow;
        var dispatcher = platform.Content.Services.GetServices<IHostedService>().OfType<OutboxDispatcher<ContentDbContext>>().Single();
        Activity.Current = null;
        Assert.False(await dispatcher.DispatchBatchAsync(CancellationToken.None));
        // Every loop polls a few times with nothing to do.
        await Task.WhenAll(
            PlatformFixture.RoundsAsync<EditorialScheduler>(platform.Content.Services, 3),
            PlatformFixture.RoundsAsync<RegistrationsJobs>(platform.Meetings.Services, 3),
            PlatformFixture.RoundsAsync<MailSender>(platform.Subscriptions.Services, 3),
            PlatformFixture.RoundsAsync<WebhookDispatcher>(platform.Subscriptions.Services, 3),
            PlatformFixture.RoundsAsync<OutboxDispatcher<ContentDbContext>>(platform.Content.Services, 3),
            AnotherPlatformsQueryAsync());

        var roots = ActivityCollector.StartedSince(since)
            .Where(a => IsServiceDatabaseSpan(a) && a.ParentSpanId == default)
            .ToList();
        Assert.True(roots.Count == 0, string.Join("\n", roots.Select(a => $"{a.DisplayName}: {a.GetTagItem("db.query.text")}")));

        // The same sweep inside a traced operation is traced: the filter drops orphans, not database spans.
        ActivityTraceId traceId;
        using (var root = TestSource.StartActivity("test: sweep"))
        {
            Assert.NotNull(root);
            traceId = root.TraceId;
            await dispatcher.DispatchBatchAsync(CancellationToken.None);
        }

        Assert.Contains(ActivityCollector.InTrace(traceId), a => IsServiceDatabaseSpan(a)
            && a.GetTagItem("db.query.text") is string sql && sql.Contains("FOR UPDATE SKIP LOCKED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_probes_make_no_database_trace_even_when_they_carry_a_trace_context()
    {
        // The AppHost, an orchestrator or the gateway polls /health all the time, with a trace context: the
        // probe's own span is filtered out, and its database check must not be traced either (it would show
        // as a trace of its own, its parent never exported).
        var since = DateTime.UtcNow;
        ActivityTraceId traceId;
        using (var caller = TestSource.StartActivity("test: probe"))
        {
            Assert.NotNull(caller);
            traceId = caller.TraceId;
            using var client = new HttpClient { BaseAddress = new Uri(platform.Content.Address) };
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        }

        var databaseSpans = ActivityCollector.StartedSince(since)
            .Where(a => IsServiceDatabaseSpan(a) && (a.TraceId == traceId || a.ParentSpanId == default))
            .ToList();
        Assert.True(databaseSpans.Count == 0, string.Join("\n", databaseSpans.Select(a => $"{a.DisplayName}: {a.GetTagItem("db.query.text")}")));
    }

    /// <summary>
    /// A database span of one of this platform's services. Other things in this process use PostgreSQL too: the
    /// AppHost that runs the test servers (its health check, "SELECT 1;" on the <c>postgres</c> database) and the
    /// tests of other collections, which run at the same time against their own platforms' databases.
    /// </summary>
    private bool IsServiceDatabaseSpan(Activity span) =>
        span.Source.Name == "Npgsql" && platform.OwnsDatabase(span.GetTagItem("db.namespace") as string);

    /// <summary>
    /// What a test of another collection does meanwhile in this process (the drills count rows in their own
    /// platform's databases with plain connections): a root database span that is none of this platform's. On the
    /// server's <c>postgres</c> database: a connection left in the pool on <c>template1</c> would make every
    /// <c>CREATE DATABASE</c> of the other collections fail ("source database is being accessed by other users").
    /// </summary>
    private static async Task AnotherPlatformsQueryAsync()
    {
        var servers = await TestServers.GetAsync();
        var elsewhere = new NpgsqlConnectionStringBuilder(servers.Postgres) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(elsewhere.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_class", connection);
        await command.ExecuteScalarAsync();
    }

    private static bool IsSearchConsumer(Activity span) =>
        span.Source.Name == "MassTransit" && span.Kind == ActivityKind.Consumer
        && span.Tags.Any(t => t.Value?.Contains("search-news-published", StringComparison.Ordinal) == true);
}
