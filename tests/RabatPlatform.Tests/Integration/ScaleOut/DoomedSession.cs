using Npgsql;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.ScaleOut;

/// <summary>
/// A PostgreSQL session of "another replica" that the test can kill as a crash would (<see cref="CrashAsync"/>: the
/// TCP connection drops, no goodbye to the server, which then ends the session with its locks): over a
/// <see cref="TcpProxy"/>, unpooled, and untraced like every test-side connection.
/// </summary>
public sealed class DoomedSession : IAsyncDisposable
{
    private readonly TcpProxy proxy;
    private readonly NpgsqlDataSource source;

    private DoomedSession(TcpProxy proxy, NpgsqlDataSource source, NpgsqlConnection connection)
    {
        this.proxy = proxy;
        this.source = source;
        Connection = connection;
    }

    public NpgsqlConnection Connection { get; }

    public static async Task<DoomedSession> OpenAsync(string database)
    {
        var target = new NpgsqlConnectionStringBuilder(database);
        var proxy = new TcpProxy(target.Host!, target.Port);
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(database)
        {
            Host = "127.0.0.1", Port = proxy.Port, Pooling = false,
        }.ConnectionString);
        builder.ConfigureTracing(t => t.ConfigureCommandFilter(_ => false).EnablePhysicalOpenTracing(false));
        var source = builder.Build();
        return new DoomedSession(proxy, source, await source.OpenConnectionAsync());
    }

    /// <summary>The replica's process dies: its TCP connection is reset, and the server ends its session.</summary>
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
            await Connection.DisposeAsync();
        }
        catch (NpgsqlException)
        {
            // already gone
        }

        await source.DisposeAsync();
    }
}
