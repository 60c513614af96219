using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration;

/// <summary>
/// The inbox filter (persistence) and the consumer share one consume scope, hence one DbContext: the
/// consumer sees the filter's inbox row and transaction, and never saves; the filter commits its changes.
/// Wired exactly as a service is (AddServiceDatabase + AddServiceMessaging on the test RabbitMQ), on
/// the search database's inbox table, with a bus of its own that only the probe consumer listens on.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OutboxAndInboxFilterScopeTests(PlatformFixture platform)
{
    private const string Service = "inboxprobe";

    [Fact]
    public async Task The_inbox_filter_and_the_consumer_share_the_scope_and_the_DbContext()
    {
        var configuration = platform.Search.Services.GetRequiredService<IConfiguration>();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[$"ConnectionStrings:{ResourceNames.SearchDb}"] = configuration.GetConnectionString(ResourceNames.SearchDb);
        builder.Configuration[$"ConnectionStrings:{ResourceNames.Messaging}"] = configuration.GetConnectionString(ResourceNames.Messaging);
        builder.Configuration["Messaging:Retry:Limit"] = "1";
        builder.AddServiceDatabase<ProbeDbContext>(ResourceNames.SearchDb);
        builder.AddServiceMessaging(Service, bus => bus.AddConsumer<InboxProbeConsumer>());
        builder.Services.AddSingleton<ProbeLog>();

        // Only the bus is started (not the host): the outbox dispatcher must not touch search's outbox.
        await using var services = builder.Services.BuildServiceProvider();
        var bus = services.GetRequiredService<IBusControl>();
        using (var starting = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await bus.StartAsync(starting.Token);
        }

        try
        {
            var log = services.GetRequiredService<ProbeLog>();
            var probe = new InboxProbe(Guid.NewGuid(), DateTimeOffset.UtcNow);
            var before = MetricCollector.Total("rabat.inbox.duplicates", "consumer", $"{Service}-inbox-probe");

            await bus.Publish(probe);
            var seen = await log.First.Task.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(seen.SameContextAsFilter, "the filter resolved the consumer's DbContext instance from the same scope");
            Assert.True(seen.InboxRowInContext, "the filter's inbox row is tracked by the consumer's DbContext");
            Assert.True(seen.InTransaction, "the consumer runs inside the filter's transaction");
            await TestApi.WaitUntilAsync(async () => await InboxRows(services, probe.EventId) == 1,
                TimeSpan.FromSeconds(10), "the filter committed the inbox row with the consumer's (unsaved) changes");

            await bus.Publish(probe);
            await TestApi.WaitUntilAsync(
                () => Task.FromResult(MetricCollector.Total("rabat.inbox.duplicates", "consumer", $"{Service}-inbox-probe") > before),
                TimeSpan.FromSeconds(15), "the redelivery is skipped by the filter");
            Assert.Equal(1, log.Count);
            Assert.Equal(1, await InboxRows(services, probe.EventId));
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<int> InboxRows(IServiceProvider services, Guid eventId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
        return await db.InboxMessages.CountAsync(m => m.MessageId == eventId && m.Consumer == $"{Service}-inbox-probe");
    }
}

[EventType("tests.inbox_probe")]
public sealed record InboxProbe(Guid EventId, DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>A DbContext with only the inbox and outbox (the search database has both tables).</summary>
public sealed class ProbeDbContext(DbContextOptions<ProbeDbContext> options) : ServiceDbContext(options);

public sealed record ProbeObservation(bool SameContextAsFilter, bool InboxRowInContext, bool InTransaction);

public sealed class ProbeLog
{
    private int count;

    public TaskCompletionSource<ProbeObservation> First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count => Volatile.Read(ref count);

    public void Add(ProbeObservation observation)
    {
        Interlocked.Increment(ref count);
        First.TrySetResult(observation);
    }
}

public sealed class InboxProbeConsumer(ProbeDbContext db, IServiceProvider scope, ProbeLog log) : IConsumer<InboxProbe>
{
    public Task Consume(ConsumeContext<InboxProbe> context)
    {
        // ServiceDbContext is what the filter resolves; from this consumer's scope it must be this very instance.
        var filters = scope.GetRequiredService<ServiceDbContext>();
        log.Add(new ProbeObservation(
            ReferenceEquals(filters, db),
            db.InboxMessages.Local.Any(m => m.MessageId == context.Message.EventId && m.Consumer == "inboxprobe-inbox-probe"),
            db.Database.CurrentTransaction is not null));
        return Task.CompletedTask;
    }
}
