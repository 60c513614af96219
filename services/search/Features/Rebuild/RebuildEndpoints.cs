using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Search.Data;

namespace RabatPlatform.Search.Features.Rebuild;

internal static class RebuildEndpoints
{
    public static async Task<Accepted<RebuildStatus>> StartAsync(SearchDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rebuild = new SearchRebuild { Id = Guid.CreateVersion7(now), StartedAt = now };
        db.Rebuilds.Add(rebuild);
        db.Publish(new SearchReindexRequested(Guid.CreateVersion7(now), now, rebuild.Id));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/search/rebuild/{rebuild.Id}", RebuildStatus.From(rebuild));
    }

    public static async Task<Results<Ok<RebuildStatus>, ProblemHttpResult>> GetAsync(
        [AsParameters] GetRebuildRequest request, SearchDbContext db, Lang lang, CancellationToken cancellationToken)
    {
        var rebuild = await db.Rebuilds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == request.Id, cancellationToken);
        return rebuild is null ? RebuildProblems.NotFound(lang, request.Id) : TypedResults.Ok(RebuildStatus.From(rebuild));
    }
}
