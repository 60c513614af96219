using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace RabatPlatform.Persistence.Jobs;

/// <summary>
/// A round of a background job that only one replica of a service runs at a time: a PostgreSQL session advisory lock
/// (<c>pg_try_advisory_lock</c>) on a connection of its own, taken at the start of the round and released at its end
/// (<see cref="DisposeAsync"/>, <c>pg_advisory_unlock</c>). A replica that finds the lock taken skips the round: another
/// replica is running it right now. A replica that dies mid-round loses its TCP connection, the server ends its session
/// and with it the lock, so another replica runs the job at its next round; nothing is left to expire.
/// </summary>
/// <remarks>
/// <para>The key is derived from a stable job name (<see cref="KeyOf"/>); advisory locks belong to one database, and each
/// service has its own, so names need only be unique within a service.</para>
/// <para>The lock is released explicitly, never by closing the connection: Npgsql's pool resets a connection's session
/// (which would drop the lock) only when the connection is next reused, so a closed connection could keep the lock
/// while it waits in the pool. Should the unlock fail, the pool is cleared, so that connection is never reused.</para>
/// <para>Its two statements run with no activity of their own: like every background poll, an idle round (and a
/// skipped one) makes no trace (<see cref="PersistenceExtensions.TraceOnlyInsideAnOperation"/>).</para>
/// <para>The lock makes a job run once per round across replicas, not exactly once per item: if the lock's connection
/// breaks mid-round, another replica may start while this one finishes. Jobs therefore still claim or lock their rows
/// (or check what they change); the lease saves the wasted and conflicting work of every replica doing the same round.</para>
/// </remarks>
public sealed partial class JobLease : IAsyncDisposable
{
    private readonly AsyncServiceScope scope;
    private readonly DbContext db;
    private readonly DbConnection connection;
    private readonly ILogger logger;

    private JobLease(AsyncServiceScope scope, DbContext db, DbConnection connection, string job, long key, ILogger logger)
    {
        this.scope = scope;
        this.db = db;
        this.connection = connection;
        this.logger = logger;
        Job = job;
        Key = key;
    }

    public string Job { get; }

    /// <summary>The advisory lock's key (<see cref="KeyOf"/> of <see cref="Job"/>).</summary>
    public long Key { get; }

    /// <summary>The advisory lock key of a job: the first 8 bytes of the SHA-256 of its name (stable across processes and releases).</summary>
    public static long KeyOf(string job)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("rabat-job:" + job), hash);
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }

    /// <summary>
    /// Takes the job's lock on a connection of <typeparamref name="TContext"/>'s database; null when another replica
    /// holds it. Dispose the lease to release the lock (and the connection) at the end of the round.
    /// </summary>
    public static async Task<JobLease?> TryAcquireAsync<TContext>(IServiceScopeFactory scopes, string job, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        var key = KeyOf(job);
        var scope = scopes.CreateAsyncScope();
        var acquired = false;
        DbContext? db = null;
        try
        {
            db = scope.ServiceProvider.GetRequiredService<TContext>();
            await db.Database.OpenConnectionAsync(cancellationToken);
            var connection = db.Database.GetDbConnection();

            // Not cancellable: a cancellation arriving after the server granted the lock must not lose track of it.
            acquired = await QueryAsync(connection, "SELECT pg_try_advisory_lock($1)", key);
            if (acquired)
            {
                var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger<JobLease>();
                return new JobLease(scope, db, connection, job, key, logger);
            }
        }
        catch when (acquired)
        {
            // Only creating the lease object could fail here: never let the connection return to the pool locked.
            NpgsqlConnection.ClearPool((NpgsqlConnection)db!.Database.GetDbConnection());
            await CloseAsync(scope, db);
            throw;
        }
        catch
        {
            await CloseAsync(scope, db);
            throw;
        }

        await CloseAsync(scope, db);
        return null;
    }

    /// <summary>
    /// Runs <paramref name="round"/> if no other replica runs the job <paramref name="job"/> right now; false when one
    /// does (the round is skipped).
    /// </summary>
    public static async Task<bool> RunAloneAsync<TContext>(
        IServiceScopeFactory scopes, string job, Func<CancellationToken, Task> round, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        await using var lease = await TryAcquireAsync<TContext>(scopes, job, cancellationToken);
        if (lease is null)
        {
            return false;
        }

        await round(cancellationToken);
        return true;
    }

    /// <summary>Releases the lock explicitly (<c>pg_advisory_unlock</c>), then returns the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!await QueryAsync(connection, "SELECT pg_advisory_unlock($1)", Key))
            {
                // The session no longer held it: its connection was reset or replaced meanwhile. Nothing to release.
                LogNotHeld(Job);
            }
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException or TimeoutException)
        {
            // Most likely the connection broke, and the server ended the session and its lock with it. Should it not
            // have, a connection holding the lock must never go back into the pool for reuse.
            NpgsqlConnection.ClearPool((NpgsqlConnection)connection);
            LogReleaseFailed(ex, Job);
        }
        finally
        {
            await CloseAsync(scope, db);
        }
    }

    private static async Task<bool> QueryAsync(DbConnection connection, string sql, long key)
    {
        await using var command = (NpgsqlCommand)connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
        return await command.ExecuteScalarAsync(CancellationToken.None) is true;
    }

    private static async Task CloseAsync(AsyncServiceScope scope, DbContext? db)
    {
        try
        {
            if (db is not null)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        finally
        {
            await scope.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: its lock was no longer held at the end of the round (the connection was reset)")]
    private partial void LogNotHeld(string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: releasing its lock failed; the connection is discarded (a broken connection has released it)")]
    private partial void LogReleaseFailed(Exception exception, string job);
}
