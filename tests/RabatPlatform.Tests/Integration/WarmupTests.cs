using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using RabatPlatform.Search.Data;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration;

/// <summary>
/// The warm-up a service runs before it reports ready (issue 16, first event after start): it runs, keeps /health not
/// ready until it is done, and leaves nothing behind (its writes are rolled back).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class WarmupTests(PlatformFixture platform)
{
    [Fact]
    public async Task Every_step_ran_and_left_no_row_behind()
    {
        foreach (var services in new[] { platform.Content.Services, platform.Search.Services })
        {
            var warmup = services.GetRequiredService<Warmup>();
            await TestApi.WaitUntilAsync(() => Task.FromResult(warmup.IsDone), TimeSpan.FromSeconds(30), "the warm-up is done");
            var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "warmup");
            Assert.Equal(HealthStatus.Healthy, report.Entries["warmup"].Status);
        }

        Assert.Equal(0, await platform.InDbAsync<SearchDbContext, int>(platform.Search.Services,
            db => db.Documents.CountAsync(d => d.Slug == "warm-up")));
        Assert.Equal(0, await platform.InDbAsync<SearchDbContext, int>(platform.Search.Services,
            db => db.InboxMessages.CountAsync(m => m.Consumer == "warm-up")));
        // The warm-up's outbox row is a search.index_updated, an event the content service never writes itself.
        var warmupType = EventTypes.NameOf<SearchIndexUpdated>();
        Assert.Equal(0, await platform.InDbAsync<ContentDbContext, int>(platform.Content.Services,
            db => db.OutboxMessages.CountAsync(m => m.Type == warmupType)));
    }

    [Fact]
    public async Task Until_the_steps_are_done_the_service_is_starting_not_ready()
    {
        var warmup = new Warmup(platform.Search.Services, [], Microsoft.Extensions.Logging.Abstractions.NullLogger<Warmup>.Instance);
        var check = new Warmup.HealthCheck(warmup);
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        await warmup.StartAsync(CancellationToken.None);
        await TestApi.WaitUntilAsync(() => Task.FromResult(warmup.IsDone), TimeSpan.FromSeconds(30), "a warm-up without steps ends");
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        await warmup.StopAsync(CancellationToken.None);
    }
}
