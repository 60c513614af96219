using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using StackExchange.Redis;

namespace RabatPlatform.Gateway.Features.SharedState;

/// <summary>
/// The gateway's shared state: with a <c>redis</c> connection string, every replica keeps its output cache and its
/// rate-limit windows in one Redis (keys under <see cref="Prefix"/>); without one, each process keeps them in memory
/// (tests, a single process). Redis away, the gateway keeps serving (fails open): reads are forwarded uncached, rate
/// limits fall back to each replica's own windows, <c>/health</c> turns Degraded and
/// <c>rabat.gateway.redis.failures</c> counts what was done without Redis.
/// </summary>
public static class GatewaySharedState
{
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(ResourceNames.Redis));

    public static IHostApplicationBuilder AddGatewaySharedState(this IHostApplicationBuilder builder)
    {
        if (!IsConfigured(builder.Configuration))
        {
            return builder;
        }

        builder.Services.AddSingleton(sp => new GatewayRedis(
            builder.Configuration.GetConnectionString(ResourceNames.Redis)!,
            builder.Configuration[$"{Policies.GatewayOptions.Section}:SharedState:KeyPrefix"] is { Length: > 0 } prefix ? prefix : GatewayRedis.DefaultPrefix,
            sp.GetRequiredService<ILogger<GatewayRedis>>()));
        // An eviction that fails because Redis is away is retried for as long as it stays away (not moved to _error).
        builder.Services.AddSingleton<ITransientFailure, RedisAway>();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            ResourceNames.Redis,
            sp => new RedisHealthCheck(sp.GetRequiredService<GatewayRedis>()),
            HealthStatus.Degraded,
            ["ready"],
            TimeSpan.FromSeconds(3)));
        return builder;
    }

    private sealed class RedisAway : ITransientFailure
    {
        public bool IsTransient(Exception exception) => exception is RedisConnectionException;
    }

    /// <summary>Degraded (never Unhealthy) while Redis does not answer: the gateway serves without it.</summary>
    private sealed class RedisHealthCheck(GatewayRedis redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var connection = await redis.ConnectAsync().WaitAsync(cancellationToken);
                var latency = await connection.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy($"Redis answers ({latency.TotalMilliseconds:0.0} ms)");
            }
            catch (Exception ex) when (GatewayRedis.IsRedisFailure(ex))
            {
                return HealthCheckResult.Degraded("Redis does not answer: serving without the shared cache, rate limits per replica", ex);
            }
        }
    }
}

/// <summary>
/// The gateway's one connection to Redis (StackExchange.Redis multiplexes every operation over it). It never blocks
/// the start, reconnects by itself, and fails fast while disconnected (no command waits in a backlog), so a Redis
/// outage costs a request nothing but the shared state.
/// </summary>
public sealed partial class GatewayRedis : IAsyncDisposable
{
    public const string DefaultPrefix = "rabat:gateway:";
    public const string MeterName = "RabatPlatform.Gateway";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "rabat.gateway.redis.failures", "{operation}",
        "Operations of the gateway's shared state done without Redis (it did not answer): cache reads as misses, cache writes "
        + "skipped, rate limits by this replica's own windows, evictions retried; by operation.");

    private readonly Lazy<Task<IConnectionMultiplexer>> connection;
    private readonly ILogger<GatewayRedis> logger;
    private const long NeverWarned = long.MinValue / 2;
    private long lastWarning = NeverWarned;
    private volatile bool disposing;

    /// <summary>Until when (<see cref="Environment.TickCount64"/>) Redis is taken as away after a failure, without asking it.</summary>
    private long awayUntil;

    /// <summary>
    /// How long a failed call (a timeout, a lost connection) keeps the gateway from calling Redis at all: a silent network
    /// failure then costs one request's timeout per period, not one per call. A restored connection ends it at once.
    /// </summary>
    public static readonly TimeSpan AwayPeriod = TimeSpan.FromSeconds(5);

    public GatewayRedis(string connectionString, string prefix, ILogger<GatewayRedis> logger)
    {
        Prefix = prefix;
        this.logger = logger;
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ClientName ??= ResourceNames.Gateway;
        // On the path of every request: a Redis that does not answer within a second is treated as away.
        if (!connectionString.Contains("connectTimeout=", StringComparison.OrdinalIgnoreCase))
        {
            options.ConnectTimeout = 2000;
        }

        if (!connectionString.Contains("asyncTimeout=", StringComparison.OrdinalIgnoreCase))
        {
            options.AsyncTimeout = 1000;
        }

        if (!connectionString.Contains("syncTimeout=", StringComparison.OrdinalIgnoreCase))
        {
            options.SyncTimeout = 1000;
        }

        connection = new(() => ConnectCoreAsync(options));
    }

    /// <summary>Every key and channel of the gateway starts with it (<c>Gateway:SharedState:KeyPrefix</c>, default <c>rabat:gateway:</c>).</summary>
    public string Prefix { get; }

    /// <summary>The connection, once its first attempt ended (connected or not: it keeps trying in the background).</summary>
    public Task<IConnectionMultiplexer> ConnectAsync() => connection.Value;

    /// <summary>
    /// The connection when it is up; <c>null</c> when it is down or failed within <see cref="AwayPeriod"/> (then do
    /// without Redis, at once). Only the first callers wait, for the first connection attempt (at most its connect timeout).
    /// </summary>
    public async ValueTask<IConnectionMultiplexer?> ConnectedAsync()
    {
        if (Environment.TickCount64 < Interlocked.Read(ref awayUntil))
        {
            return null;
        }

        var task = connection.Value;
        try
        {
            var multiplexer = task.IsCompletedSuccessfully ? task.Result : await task;
            return multiplexer.IsConnected ? multiplexer : null;
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            return null;
        }
    }

    public static bool IsRedisFailure(Exception exception) =>
        exception is RedisException or TimeoutException or ObjectDisposedException or System.Net.Sockets.SocketException;

    /// <summary>
    /// Counts an operation done without Redis and warns, at most every 30 s, that the gateway runs without its shared
    /// state. A call that failed (<paramref name="exception"/>) takes Redis as away for <see cref="AwayPeriod"/>.
    /// </summary>
    public void Failed(string operation, Exception? exception = null)
    {
        Failures.Add(1, new KeyValuePair<string, object?>("operation", operation));
        if (exception is not null)
        {
            TakeAsAway();
        }

        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref lastWarning);
        if (now - last >= 30_000 && Interlocked.CompareExchange(ref lastWarning, now, last) == last)
        {
            LogServingWithout(operation, exception?.Message ?? "not connected");
        }
    }

    private void TakeAsAway() => Interlocked.Exchange(ref awayUntil, Environment.TickCount64 + (long)AwayPeriod.TotalMilliseconds);

    public async ValueTask DisposeAsync()
    {
        disposing = true;
        if (connection.IsValueCreated && connection.Value.IsCompletedSuccessfully)
        {
            await connection.Value.Result.DisposeAsync();
        }
    }

    private async Task<IConnectionMultiplexer> ConnectCoreAsync(ConfigurationOptions options)
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
        multiplexer.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive && !disposing)
            {
                TakeAsAway();
                Failed("connection", e.Exception);
            }
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                Interlocked.Exchange(ref awayUntil, 0); // shared again at once
                Interlocked.Exchange(ref lastWarning, NeverWarned); // the next outage is reported at once
                LogConnectionRestored();
            }
        };
        if (!multiplexer.IsConnected)
        {
            Failed("connect");
        }

        return multiplexer;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis does not answer ({Operation}: {Error}): the gateway serves without its shared state — reads uncached, rate limits per replica — until it is back")]
    private partial void LogServingWithout(string operation, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to Redis again: the gateway's cache and rate limits are shared again")]
    private partial void LogConnectionRestored();
}
