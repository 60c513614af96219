using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Content;
using RabatPlatform.Content.Data;
using RabatPlatform.Persistence.Jobs;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.ScaleOut;

/// <summary>The job lease itself (<see cref="JobLease"/>), between the two replicas of the content service.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class JobLeaseTests(ScaleOutFixture fixture)
{
    [Fact]
    public async Task One_replica_at_a_time_holds_a_job_and_releases_it_explicitly_though_its_connection_stays_pooled()
    {
        var content = await fixture.ContentAsync();
        var job = $"test.{Guid.NewGuid():N}";
        var a = content[0].Services.GetRequiredService<IServiceScopeFactory>();
        var b = content[1].Services.GetRequiredService<IServiceScopeFactory>();

        Activity.Current = null;
        var since = DateTime.UtcNow;
        await using (var lease = await JobLease.TryAcquireAsync<ContentDbContext>(a, job, CancellationToken.None))
        {
            Assert.NotNull(lease);
            Assert.True(await LockHolder.IsHeldAsync(content.Database, job));
            Assert.Null(await JobLease.TryAcquireAsync<ContentDbContext>(b, job, CancellationToken.None));
            Assert.Null(await JobLease.TryAcquireAsync<ContentDbContext>(a, job, CancellationToken.None)); // another round of the same replica too

            // Another job is another lock.
            await using var other = await JobLease.TryAcquireAsync<ContentDbContext>(b, job + ".other", CancellationToken.None);
            Assert.NotNull(other);
        }

        // Released by pg_advisory_unlock, not by closing: the connection went back to the pool, its session alive.
        Assert.False(await LockHolder.IsHeldAsync(content.Database, job));
        var ran = false;
        Assert.True(await JobLease.RunAloneAsync<ContentDbContext>(b, job, _ =>
        {
            ran = true;
            return Task.CompletedTask;
        }, CancellationToken.None));
        Assert.True(ran);
        Assert.False(await LockHolder.IsHeldAsync(content.Database, job));

        // A round that fails releases the lease all the same.
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            JobLease.RunAloneAsync<ContentDbContext>(a, job, _ => throw new InvalidOperationException("the round failed"), CancellationToken.None));
        Assert.False(await LockHolder.IsHeldAsync(content.Database, job));

        // Taking and releasing the lease outside any operation (every idle round of every job) makes no trace.
        var traced = ActivityCollector.StartedSince(since)
            .Where(x => x.Source.Name == "Npgsql" && x.GetTagItem("db.query.text") is string sql && sql.Contains("advisory", StringComparison.Ordinal))
            .ToList();
        Assert.True(traced.Count == 0, string.Join("\n", traced.Select(x => x.GetTagItem("db.query.text"))));
    }

    [Fact]
    public async Task A_lock_held_by_a_crashed_replica_is_free_as_soon_as_its_connection_drops()
    {
        var content = await fixture.ContentAsync();
        var job = $"test.{Guid.NewGuid():N}";
        var scopes = content[0].Services.GetRequiredService<IServiceScopeFactory>();
        await using var holder = await LockHolder.TakeAsync(content.Database, job);
        Assert.False(await JobLease.RunAloneAsync<ContentDbContext>(scopes, job, _ => Task.CompletedTask, CancellationToken.None));

        await holder.CrashAsync();
        await TestApi.WaitUntilAsync(
            () => JobLease.RunAloneAsync<ContentDbContext>(scopes, job, _ => Task.CompletedTask, CancellationToken.None),
            TimeSpan.FromSeconds(10), "the lock of the crashed session is free");
    }

    [Fact]
    public void A_job_key_is_stable_and_depends_on_the_name_only()
    {
        Assert.Equal(JobLease.KeyOf("content.editorial-scheduler"), JobLease.KeyOf("content.editorial-scheduler"));
        Assert.NotEqual(JobLease.KeyOf("content.editorial-scheduler"), JobLease.KeyOf("meetings.registrations-jobs"));
        // Pinned: a replica of the next release must take the same lock as one of this release during a rolling update.
        Assert.Equal(614904687069726144L, JobLease.KeyOf("content.editorial-scheduler"));
    }
}
