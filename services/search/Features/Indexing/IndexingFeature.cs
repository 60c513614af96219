using RabatPlatform.Messaging;

namespace RabatPlatform.Search.Features.Indexing;

/// <summary>
/// The index kept by the other services' events: one consumer per event type (found by scanning,
/// made exactly-once by the inbox filter), each projecting its item through the contracts' <c>SearchItem</c>
/// and writing it with <see cref="SearchIndexer"/>. No endpoints; one warm-up step (<see cref="IndexingWarmup"/>).
/// </summary>
public static class IndexingFeature
{
    public static IHostApplicationBuilder AddIndexing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddWarmupStep<IndexingWarmup>();
        return builder;
    }
}
