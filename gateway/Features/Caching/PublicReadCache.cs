using MassTransit;
using Microsoft.AspNetCore.OutputCaching;
using RabatPlatform.Contracts;
using RabatPlatform.Gateway.Features.Policies;

namespace RabatPlatform.Gateway.Features.Caching;

/// <summary>
/// Output caching of public reads (anonymous GET/HEAD answering 200), tagged by service and evicted by
/// the events that change what those services serve — so reads stay cached until something changes,
/// and nobody sees stale content for longer than an event takes to arrive. Authenticated or personal
/// requests are never cached.
/// </summary>
public static class PublicReadCache
{
    public const string PolicyName = "public-read";
    public const string ServiceKey = "Service";

    public static IHostApplicationBuilder AddPublicReadCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOutputCache(cache => cache.AddPolicy(PolicyName, new PublicReadPolicy()));
        return builder;
    }

    /// <summary>Which cached services an event makes stale.</summary>
    internal static string[] TagsFor(object message) => message switch
    {
        NewsPublished or NewsUpdated or NewsUnpublished or PagePublished or ProjectPublished or ProjectRemoved => [ResourceNames.Content],
        MeetingAnnounced or MeetingUpdated or MeetingCancelled => [ResourceNames.Meetings, ResourceNames.Content],
        PublicationPublished or PublicationUpdated or PublicationWithdrawn => [ResourceNames.Publications, ResourceNames.Content],
        SearchIndexUpdated => [ResourceNames.Search],
        _ => [],
    };

    private sealed class PublicReadPolicy : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var request = context.HttpContext.Request;
            var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && !request.Headers.ContainsKey("Authorization")
                && !request.Headers.ContainsKey("Cookie");
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            context.AllowLocking = true;
            context.CacheVaryByRules.QueryKeys = "*";
            context.CacheVaryByRules.HeaderNames = new(["Accept-Language", "Accept"]);
            context.ResponseExpirationTimeSpan = context.HttpContext.RequestServices.GetRequiredService<GatewayOptions>().CacheDuration;
            var segments = request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
            if (segments is ["api", var service, ..])
            {
                context.Tags.Add(service);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var response = context.HttpContext.Response;
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

/// <summary>
/// Evicts cached reads when the events that change them arrive. Every gateway instance has its own
/// temporary queue (each cache is its own), bound to every event exchange it needs.
/// </summary>
public sealed partial class CacheEvictionConsumer(IOutputCacheStore store, ILogger<CacheEvictionConsumer> logger) :
    IConsumer<NewsPublished>, IConsumer<NewsUpdated>, IConsumer<NewsUnpublished>, IConsumer<PagePublished>,
    IConsumer<ProjectPublished>, IConsumer<ProjectRemoved>,
    IConsumer<MeetingAnnounced>, IConsumer<MeetingUpdated>, IConsumer<MeetingCancelled>,
    IConsumer<PublicationPublished>, IConsumer<PublicationUpdated>, IConsumer<PublicationWithdrawn>,
    IConsumer<SearchIndexUpdated>
{
    public Task Consume(ConsumeContext<NewsPublished> context) => EvictAsync(context);

    public Task Consume(ConsumeContext<NewsUpdated> context) => EvictAsync(context);

    public Task Consume(ConsumeContext<NewsUnpublished> context) => EvictAsync(context);

    public Task Consume(ConsumeContext<PagePublished> context) => EvictAsync(context);

    public Task Consume(ConsumeContext<ProjectPublished> context) => EvictAsync(context);

    public Task Consume(ConsumeContext<ProjectRemoved> context) => EvictAsync(context);

    public Task Consume(ConsumeContext<MeetingAnnounced> context) => EvictAsync(context);

    public Task Consume(ConsumeContext<MeetingUpdated> context) => EvictAsync(context);

    public Task Consume(ConsumeContext<MeetingCancelled> context) => EvictAsync(context);

    public Task Consume(ConsumeContext<PublicationPublished> context) => EvictAsync(context);

    public Task Consume(ConsumeContext<PublicationUpdated> context) => EvictAsync(context);

    public Task Consume(ConsumeContext<PublicationWithdrawn> context) => EvictAsync(context);

    public Task Consume(ConsumeContext<SearchIndexUpdated> context) => EvictAsync(context);

    private async Task EvictAsync<T>(ConsumeContext<T> context) where T : class
    {
        foreach (var tag in PublicReadCache.TagsFor(context.Message))
        {
            await store.EvictByTagAsync(tag, context.CancellationToken);
            LogEvicted(tag, typeof(T).Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Evicted cached reads tagged {Tag} on {EventType}")]
    private partial void LogEvicted(string tag, string eventType);
}
