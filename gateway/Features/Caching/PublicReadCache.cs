using MassTransit;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;
using RabatPlatform.Contracts;
using RabatPlatform.Gateway.Features.Policies;
using RabatPlatform.Gateway.Features.SharedState;
using StackExchange.Redis;

namespace RabatPlatform.Gateway.Features.Caching;

/// <summary>
/// Output caching of public reads (anonymous GET/HEAD answering 200), tagged by service and evicted by
/// the events that change what those services serve — so reads stay cached until something changes,
/// and nobody sees stale content for longer than an event takes to arrive. Authenticated requests (an
/// <c>Authorization</c> header, or a cookie named in <see cref="GatewayOptions.PersonalCookies"/>) are never
/// cached; other cookies (analytics, consent) do not change an answer and do not bypass the cache.
/// With Redis (<see cref="GatewaySharedState"/>) the cache is one for every replica, and one eviction per event
/// suffices; without it, each process has its own.
/// </summary>
public static class PublicReadCache
{
    public const string PolicyName = "public-read";
    public const string ServiceKey = "Service";

    public static IHostApplicationBuilder AddPublicReadCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CacheEvictions>();
        builder.Services.AddOutputCache(cache => cache.AddPolicy(PolicyName, new PublicReadPolicy()));
        if (GatewaySharedState.IsConfigured(builder.Configuration))
        {
            builder.Services.AddStackExchangeRedisOutputCache(_ => { });
            builder.Services.AddOptions<RedisOutputCacheOptions>().Configure<GatewayRedis>((redis, shared) =>
            {
                redis.InstanceName = $"{shared.Prefix}cache:";
                redis.ConnectionMultiplexerFactory = shared.ConnectAsync;
            });
            FailOpenOutputCacheStore.Decorate(builder.Services);
            builder.Services.AddHostedService<CacheEvictions.Subscription>();
        }

        return builder;
    }

    /// <summary>
    /// Which cached services an event makes stale, by the event type's family (<c>meeting.*</c>): so a
    /// new event type in the contracts evicts the right reads without a change here.
    /// </summary>
    internal static string[] TagsFor(string eventType) => eventType.Split('.')[0] switch
    {
        // The content service's GCM alignment, fed by meeting, publication, news and page events, says when
        // it has applied one (alignment.updated): evicting on the source events could come too early.
        "news" or "page" or "project" or "partner" or "chairmanship" or "alignment" => [ResourceNames.Content],
        "meeting" or "registration" => [ResourceNames.Meetings],
        "publication" => [ResourceNames.Publications],
        "search" when eventType == EventTypes.NameOf<SearchIndexUpdated>() => [ResourceNames.Search],
        _ => [],
    };

    /// <summary>The durable queue the replicas share when the cache is shared: each event is taken by one of them.</summary>
    public const string SharedEvictionQueue = $"{ResourceNames.Gateway}-cache-evictions";

    /// <summary>
    /// One eviction consumer per event type that evicts something, all on one queue. A cache of this process
    /// alone (<paramref name="shared"/> false): a temporary queue of this instance, so every instance evicts its
    /// own. One cache in Redis for every replica: the durable <see cref="SharedEvictionQueue"/>, whose messages
    /// the replicas compete for, so an event is evicted once (and none is lost while every replica restarts).
    /// </summary>
    public static void AddCacheEviction(this IBusRegistrationConfigurator bus, bool shared)
    {
        var queue = shared ? SharedEvictionQueue : $"{ResourceNames.Gateway}-cache-{Guid.NewGuid():N}"[..(ResourceNames.Gateway.Length + 15)];
        foreach (var (name, type) in EventTypes.All)
        {
            if (TagsFor(name).Length == 0)
            {
                continue;
            }

            bus.AddConsumer(typeof(CacheEvictionConsumer<>).MakeGenericType(type))
                .Endpoint(endpoint => { endpoint.Name = queue; endpoint.Temporary = !shared; });
        }
    }

    private const string RequestStartedKey = "PublicReadCache.RequestStarted";

    private sealed class PublicReadPolicy : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var request = context.HttpContext.Request;
            var options = context.HttpContext.RequestServices.GetRequiredService<GatewayOptions>();
            var cacheable = options.CacheReads
                && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && !request.Headers.ContainsKey("Authorization")
                && !HasPersonalCookie(request, options.PersonalCookies);
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            context.AllowLocking = true;
            context.CacheVaryByRules.QueryKeys = "*";
            context.CacheVaryByRules.HeaderNames = new(["Accept-Language", "Accept"]);
            context.ResponseExpirationTimeSpan = options.CacheDuration;
            var segments = request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
            if (segments is ["api", var service, ..])
            {
                context.Tags.Add(service);
            }

            context.HttpContext.Items[RequestStartedKey] = CacheEvictions.Now;

            return ValueTask.CompletedTask;
        }

        /// <summary>Only the cookies named in <see cref="GatewayOptions.PersonalCookies"/> matter; any other cookie is ignored.</summary>
        private static bool HasPersonalCookie(HttpRequest request, string[] personal)
        {
            if (personal.Length == 0 || !request.Headers.ContainsKey("Cookie"))
            {
                return false;
            }

            foreach (var name in personal)
            {
                if (request.Cookies.ContainsKey(name))
                {
                    return true;
                }
            }

            return false;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var response = context.HttpContext.Response;
            // An eviction while this answer was being computed may have come too late for it: don't keep it.
            var evictions = context.HttpContext.RequestServices.GetRequiredService<CacheEvictions>();
            if (context.HttpContext.Items[RequestStartedKey] is long started && context.Tags.Any(tag => evictions.Since(tag, started)))
            {
                context.AllowCacheStorage = false;
            }

            if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey("Set-Cookie")
                || response.Headers.CacheControl.ToString().Contains("private", StringComparison.OrdinalIgnoreCase)
                || response.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase))
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Evicts the cached reads an event makes stale.</summary>
public sealed partial class CacheEvictionConsumer<T>(
    IOutputCacheStore store, CacheEvictions evictions, ILogger<CacheEvictionConsumer<T>> logger) : IConsumer<T>
    where T : class, IIntegrationEvent
{
    private static readonly string EventType = EventTypes.NameOf<T>();

    public async Task Consume(ConsumeContext<T> context)
    {
        foreach (var tag in PublicReadCache.TagsFor(EventType))
        {
            // Marked first (on every replica, with Redis), so that an answer computed across the eviction is not stored.
            await evictions.MarkAsync(tag);
            await store.EvictByTagAsync(tag, context.CancellationToken);
            LogEvicted(tag, EventType);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Evicted cached reads tagged {Tag} on {EventType}")]
    private partial void LogEvicted(string tag, string eventType);
}

/// <summary>
/// When each tag was last evicted (a monotonic timestamp of this process), so an answer computed across an eviction
/// is not stored: otherwise a read that started before an index update could put stale results back. With Redis,
/// the replica that evicts tells every other one on a Redis channel (<see cref="Subscription"/>), since any of
/// them may be computing such an answer for the shared cache.
/// </summary>
public sealed partial class CacheEvictions(GatewayRedis? redis = null)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> last = new(StringComparer.Ordinal);

    public static long Now => System.Diagnostics.Stopwatch.GetTimestamp();

    private RedisChannel Channel => RedisChannel.Literal($"{redis!.Prefix}cache-evictions");

    public void Mark(string tag) => last[tag] = Now;

    /// <summary>Marks the tag here and, with Redis, on every replica (a failure is the eviction's: it is retried).</summary>
    public async Task MarkAsync(string tag)
    {
        Mark(tag);
        if (redis is not null)
        {
            var connection = await redis.ConnectAsync();
            await connection.GetSubscriber().PublishAsync(Channel, tag);
        }
    }

    public bool Since(string tag, long timestamp) => last.TryGetValue(tag, out var evicted) && evicted >= timestamp;

    /// <summary>Listens to the other replicas' evictions; subscribes again until it succeeds (then the connection keeps it).</summary>
    public sealed partial class Subscription(CacheEvictions evictions, GatewayRedis redis, ILogger<Subscription> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var connection = await redis.ConnectAsync().WaitAsync(stoppingToken);
                    await connection.GetSubscriber().SubscribeAsync(evictions.Channel, (_, tag) => evictions.Mark(tag.ToString()));
                    return;
                }
                catch (Exception ex) when (GatewayRedis.IsRedisFailure(ex))
                {
                    LogNotSubscribed(ex.Message);
                    await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                }
            }
        }

        [LoggerMessage(Level = LogLevel.Debug, Message = "Not subscribed to the other replicas' cache evictions yet ({Error}); trying again")]
        private partial void LogNotSubscribed(string error);
    }
}
