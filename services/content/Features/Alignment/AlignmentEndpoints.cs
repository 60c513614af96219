using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;
using RabatPlatform.Content.Features.Frameworks;

namespace RabatPlatform.Content.Features.Alignment;

/// <summary>The GCM alignment matrix under <c>/api/content/gcm-alignment</c> (a read model fed by events).</summary>
internal static class AlignmentEndpoints
{
    /// <summary>Every objective with its activities. (400: an invalid <c>?lang=</c>.)</summary>
    public static async Task<Results<Ok<AlignmentView>, ValidationProblem>> MatrixAsync(
        Lang lang, ContentDbContext db, CancellationToken cancellationToken)
    {
        var activities = await db.Set<AlignmentActivity>().AsNoTracking()
            .Where(a => a.Active && a.GcmObjectives.Count > 0)
            .OrderByDescending(a => a.Date).ThenBy(a => a.ItemId)
            .ToListAsync(cancellationToken);
        var objectives = GcmObjectives.All
            .Select(o => ObjectiveAlignmentView.From(o, activities.Where(a => a.GcmObjectives.Contains(o.Number)), lang))
            .ToList();
        return TypedResults.Ok(new AlignmentView(lang, objectives.Count(o => o.Covered), GcmObjectives.Count, objectives));
    }

    /// <summary>One objective with its activities.</summary>
    public static async Task<Results<Ok<ObjectiveAlignmentView>, ValidationProblem, ProblemHttpResult>> ObjectiveAsync(
        [AsParameters] ObjectiveAlignmentRequest request, Lang lang, ContentDbContext db, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        if (AlignmentValidator.Objective(request, errors) is not { } number)
        {
            return errors.ToProblem();
        }

        if (GcmObjectives.Find(number) is not { } objective)
        {
            return AlignmentProblems.ObjectiveNotFound(lang, number);
        }

        var activities = await db.Set<AlignmentActivity>().AsNoTracking()
            .Where(a => a.Active && a.GcmObjectives.Contains(number))
            .OrderByDescending(a => a.Date).ThenBy(a => a.ItemId)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(ObjectiveAlignmentView.From(objective, activities, lang));
    }
}
