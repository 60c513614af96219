using MassTransit;
using Microsoft.AspNetCore.OutputCaching;
using RabatPlatform.Contracts;
using RabatPlatform.Gateway.Features.Policies;

namespace RabatPlatform.Gateway.Features.Caching;

/// <summary>
/// Output caching of public reads (anonymous GET/HEAD answering 200), tagged by service and evicted by
/// the events that change what those services serve — so reads stay cached until something changes,
/// and nobody sees stale content for longer than an event takes to arrive. Authenticated requests (an
/// <c>Authorization</c> header, or a cookie named in <see cref="GatewayOptions.PersonalCookies"/>) are never
/// cached; other cookies (analytics, consent) do not change an answer and do not bypass the cache.
/// </summary>
public static class PublicReadCache
{
    public const string PolicyName = "public-read";
    public const string ServiceKey = "Service";

    public static IHostApplicationBuilder AddPublicReadCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CacheEvictions>();
        builder.Services.AddOutputCache(cache => cache.AddPolicy(PolicyName, new PublicReadPolicy()));
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

    /// <summary>
    /// One eviction consumer per event type that evicts something, all on one temporary queue of this
    /// gateway instance (each instance has its own cache).
    /// </summary>
    public static void AddCacheEviction(this IBusRegistrationConfigurator bus)
    {
        var queue = $"{ResourceNames.Gateway}-cache-{Guid.NewGuid():N}"[..(ResourceNames.Gateway.Length + 15)];
        foreach (var (name, type) in EventTypes.All)
        {
            if (TagsFor(name).Length == 0)
            {
                continue;
            }

            bus.AddConsumer(typeof(CacheEvictionConsumer<>).MakeGenericType(type))
                .Endpoint(endpoint => { endpoint.Name = queue; endpoint.Temporary = true; });
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
            evictions.Mark(tag);
            await store.EvictByTagAsync(tag, context.CancellationToken);
            LogEvicted(tag, EventType);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Evicted cached reads tagged {Tag} on {EventType}")]
    private partial void LogEvicted(string tag, string eventType);
}

/// <summary>
/// When each tag was last evicted (a monotonic timestamp), so an answer computed across an eviction is
/// not stored: otherwise a read that started before an index update could put stale results back.
/// </summary>
public sealed class CacheEvictions
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> last = new(StringComparer.Ordinal);

    public static long Now => System.Diagnostics.Stopwatch.GetTimestamp();

    public void Mark(string tag) => last[tag] = Now;

    public bool Since(string tag, long timestamp) => last.TryGetValue(tag, out var evicted) && evicted >= timestamp;
}
