using System.Diagnostics;
using System.Threading.RateLimiting;
using RabatPlatform.Gateway.Features.SharedState;
using StackExchange.Redis;

namespace RabatPlatform.Gateway.Features.Policies;

/// <summary>
/// A fixed-window rate limit per client: in Redis when the gateway has one (<see cref="GatewaySharedState"/>), so
/// that N replicas do not multiply a client's limit; in this process's memory otherwise.
/// </summary>
internal static class SharedRateLimits
{
    public static RateLimitPartition<string> FixedWindow(HttpContext http, string policy, string client, GatewayOptions.RateLimit limit)
    {
        var redis = http.RequestServices.GetService<GatewayRedis>();
        return redis is null
            ? RateLimitPartition.GetFixedWindowLimiter(client, _ => LocalOptions(limit))
            : RateLimitPartition.Get(client, key => new RedisFixedWindowRateLimiter(redis, $"{redis.Prefix}rl:{policy}:{key}", limit));
    }

    public static FixedWindowRateLimiterOptions LocalOptions(GatewayOptions.RateLimit limit) =>
        new() { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0 };
}

/// <summary>
/// One client's fixed window in Redis: one atomic script per request counts it (<c>INCRBY</c>) and starts the window
/// with the first (<c>PEXPIRE</c>), so every replica sees the same count, and the window's remaining time is the
/// <c>Retry-After</c>. Redis away, the request is counted in this replica's own window instead (fail open to the
/// per-replica limit: the gateway keeps serving and still stops a flood, at most N replicas times the limit).
/// </summary>
internal sealed class RedisFixedWindowRateLimiter(GatewayRedis redis, string key, GatewayOptions.RateLimit limit) : RateLimiter
{
    private const string Script = """
        local count = redis.call('INCRBY', KEYS[1], ARGV[2])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            ttl = tonumber(ARGV[1])
        end
        return { count, ttl }
        """;

    private static readonly RateLimitLease Pending = new Lease(false, null);

    private readonly RedisKey redisKey = key;
    private readonly RedisValue windowMilliseconds = (long)Math.Max(1, limit.Window.TotalMilliseconds);
    private readonly Lazy<FixedWindowRateLimiter> local = new(() => new FixedWindowRateLimiter(SharedRateLimits.LocalOptions(limit)));
    private long lastUsed = Stopwatch.GetTimestamp();

    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    /// <summary>
    /// Not answered without a round trip: a lease not acquired, on which ASP.NET Core's rate limiting asks
    /// <see cref="AcquireAsyncCore"/>, which decides (this one has no side effect, so nothing is counted twice).
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Pending;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, limit.PermitLimit);
        Interlocked.Exchange(ref lastUsed, Stopwatch.GetTimestamp());
        var connection = await redis.ConnectedAsync();
        if (connection is null)
        {
            redis.Failed("rate_limit");
            return local.Value.AttemptAcquire(permitCount);
        }

        try
        {
            var result = (RedisResult[])(await connection.GetDatabase().ScriptEvaluateAsync(Script, [redisKey], [windowMilliseconds, permitCount]))!;
            var count = (long)result[0];
            var remaining = TimeSpan.FromMilliseconds(Math.Max(0, (long)result[1]));
            var acquired = permitCount == 0 ? count < limit.PermitLimit : count <= limit.PermitLimit;
            return new Lease(acquired, acquired ? null : remaining);
        }
        catch (Exception ex) when (GatewayRedis.IsRedisFailure(ex))
        {
            redis.Failed("rate_limit", ex);
            return local.Value.AttemptAcquire(permitCount);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && local.IsValueCreated)
        {
            local.Value.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
