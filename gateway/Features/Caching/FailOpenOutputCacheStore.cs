using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.OutputCaching;
using RabatPlatform.Gateway.Features.SharedState;

namespace RabatPlatform.Gateway.Features.Caching;

/// <summary>
/// The Redis output cache, failing open: while Redis is away (or does not answer within its timeout) a lookup is a
/// miss and an answer is not stored, so reads are forwarded to the services and the gateway keeps serving. Nothing
/// falls back to a cache of this process: the other replicas' evictions would not reach it. An eviction does fail
/// (<see cref="EvictByTagAsync"/>): its event is retried until Redis is back, so no stale answer outlives an outage.
/// </summary>
internal sealed class FailOpenOutputCacheStore(IOutputCacheStore inner, GatewayRedis redis) : IOutputCacheBufferStore
{
    /// <summary>Wraps the registered <see cref="IOutputCacheStore"/> (the Redis one) in this store.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.Remove(registered);
        services.AddSingleton<IOutputCacheStore>(sp => new FailOpenOutputCacheStore(
            registered switch
            {
                { ImplementationInstance: IOutputCacheStore instance } => instance,
                { ImplementationFactory: { } factory } => (IOutputCacheStore)factory(sp),
                { ImplementationType: { } type } => (IOutputCacheStore)ActivatorUtilities.CreateInstance(sp, type),
                _ => throw new InvalidOperationException("The output cache store is registered in an unexpected way."),
            },
            sp.GetRequiredService<GatewayRedis>()));
    }

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => inner.EvictByTagAsync(tag, cancellationToken);

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (!await AvailableAsync("cache_get"))
        {
            return null;
        }

        try
        {
            return await inner.GetAsync(key, cancellationToken);
        }
        catch (Exception ex) when (GatewayRedis.IsRedisFailure(ex))
        {
            redis.Failed("cache_get", ex);
            return null;
        }
    }

    public async ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken)
    {
        if (!await AvailableAsync("cache_get"))
        {
            return false;
        }

        try
        {
            if (inner is IOutputCacheBufferStore buffers)
            {
                return await buffers.TryGetAsync(key, destination, cancellationToken);
            }

            if (await inner.GetAsync(key, cancellationToken) is not { } value)
            {
                return false;
            }

            await destination.WriteAsync(value, cancellationToken);
            return true;
        }
        catch (Exception ex) when (GatewayRedis.IsRedisFailure(ex))
        {
            redis.Failed("cache_get", ex);
            return false;
        }
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (!await AvailableAsync("cache_set"))
        {
            return;
        }

        try
        {
            await inner.SetAsync(key, value, tags, validFor, cancellationToken);
        }
        catch (Exception ex) when (GatewayRedis.IsRedisFailure(ex))
        {
            redis.Failed("cache_set", ex);
        }
    }

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (!await AvailableAsync("cache_set"))
        {
            return;
        }

        try
        {
            if (inner is IOutputCacheBufferStore buffers)
            {
                await buffers.SetAsync(key, value, tags, validFor, cancellationToken);
            }
            else
            {
                await inner.SetAsync(key, value.ToArray(), tags.IsEmpty ? null : tags.ToArray(), validFor, cancellationToken);
            }
        }
        catch (Exception ex) when (GatewayRedis.IsRedisFailure(ex))
        {
            redis.Failed("cache_set", ex);
        }
    }

    /// <summary>Whether Redis is connected now; if not, the operation is done without it at once (no wait).</summary>
    private async ValueTask<bool> AvailableAsync(string operation)
    {
        if (await redis.ConnectedAsync() is not null)
        {
            return true;
        }

        redis.Failed(operation);
        return false;
    }
}
