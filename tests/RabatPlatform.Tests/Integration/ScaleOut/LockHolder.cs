using Npgsql;
using RabatPlatform.Persistence.Jobs;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.ScaleOut;

/// <summary>
/// Another replica in the middle of a round of a job: a session of its own (<see cref="DoomedSession"/>) that holds
/// the job's advisory lock, which the test can kill as a crash would (<see cref="CrashAsync"/>).
/// </summary>
public sealed class LockHolder : IAsyncDisposable
{
    private readonly DoomedSession session;

    private LockHolder(DoomedSession session) => this.session = session;

    public static async Task<LockHolder> TakeAsync(string database, string job)
    {
        var session = await DoomedSession.OpenAsync(database);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", session.Connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = JobLease.KeyOf(job) });

        // A replica may be in the middle of a round: its round ends soon, and the lock is the test's.
        await TestApi.WaitUntilAsync(async () => await command.ExecuteScalarAsync() is true, TimeSpan.FromSeconds(20), $"the test takes the lock of {job}");
        return new LockHolder(session);
    }

    /// <summary>The holder's process dies: its TCP connection is reset, and the server ends its session.</summary>
    public Task CrashAsync() => session.CrashAsync();

    public ValueTask DisposeAsync() => session.DisposeAsync();

    /// <summary>Whether a session holds the advisory lock of <paramref name="job"/> in <paramref name="database"/> (pg_locks).</summary>
    public static async Task<bool> IsHeldAsync(string database, string job)
    {
        var key = JobLease.KeyOf(job);
        var builder = new NpgsqlDataSourceBuilder(database);
        builder.ConfigureTracing(t => t.ConfigureCommandFilter(_ => false).EnablePhysicalOpenTracing(false));
        await using var source = builder.Build();
        await using var command = source.CreateCommand("""
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND classid = (($1 >> 32) & 4294967295)::oid AND objid = ($1 & 4294967295)::oid AND objsubid = 1
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}
