using RabatPlatform.Search.Data;

namespace RabatPlatform.Search.Features.Rebuild;

public sealed record RebuildStatus(Guid Id, DateTimeOffset StartedAt, IReadOnlyList<string> CompletedServices, int ItemsReannounced, DateTimeOffset? LastCompletionAt)
{
    public static RebuildStatus From(SearchRebuild r) => new(r.Id, r.StartedAt, r.CompletedServices, r.ItemsReannounced, r.LastCompletionAt);
}
