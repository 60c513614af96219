using Npgsql;
using RabatPlatform.Persistence.Jobs;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.ScaleOut;

/// <summary>
/// Another replica in the middle of a round of a job: a session of its own that holds the job's advisory lock, over
/// a TCP proxy so that the test can kill it as a crash would (<see cref="CrashAsync"/>: the connection drops, no
/// goodbye to the server), and untraced like every test-side connection.
/// </summary>
public sealed class LockHolder : IAsyncDisposable
{
    private readonly TcpProxy proxy;
    private readonly NpgsqlDataSource source;
    private readonly NpgsqlConnection connection;

    private LockHolder(TcpProxy proxy, NpgsqlDataSource source, NpgsqlConnection connection)
    {
        this.proxy = proxy;
        this.source = source;
        this.connection = connection;
    }

    public static async Task<LockHolder> TakeAsync(string database, string job)
    {
        var target = new NpgsqlConnectionStringBuilder(database);
        var proxy = new TcpProxy(target.Host!, target.Port);
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(database)
        {
            Host = "127.0.0.1", Port = proxy.Port, Pooling = false,
        }.ConnectionString);
        builder.ConfigureTracing(t => t.ConfigureCommandFilter(_ => false).EnablePhysicalOpenTracing(false));
        var source = builder.Build();
        var connection = await source.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = JobLease.KeyOf(job) });

        // A replica may be in the middle of a round: its round ends soon, and the lock is the test's.
        await TestApi.WaitUntilAsync(async () => await command.ExecuteScalarAsync() is true, TimeSpan.FromSeconds(20), $"the test takes the lock of {job}");
        return new LockHolder(proxy, source, connection);
    }

    /// <summary>The holder's process dies: its TCP connection is reset, and the server ends its session.</summary>
    public async Task CrashAsync()
    {
        proxy.Cut();
        await proxy.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await proxy.DisposeAsync();
        try
        {
            await connection.DisposeAsync();
        }
        catch (NpgsqlException)
        {
            // already gone
        }

        await source.DisposeAsync();
    }

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
