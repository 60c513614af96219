using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;
using RabatPlatform.Content.Features.Frameworks;

namespace RabatPlatform.Content.Features.Alignment;

public sealed record AlignmentActivityView(
    string Type, Guid Id, string? Kind, string Title, string Language, bool Fallback, string? Slug, DateOnly Date)
{
    public static AlignmentActivityView From(AlignmentActivity a, string language)
    {
        var (lang, title, slug, fallback) = a.Resolve(language);
        return new(a.ItemType, a.ItemId, a.Kind, title ?? "", lang, fallback, slug, a.Date);
    }
}

public sealed record ObjectiveAlignmentView(
    int Number, string ShortTitle, string Title, bool Covered, int Count, IReadOnlyList<AlignmentActivityView> Activities);

/// <summary>The matrix: <c>covered</c> of <c>total</c> objectives have at least one activity ("14 of 23").</summary>
public sealed record AlignmentView(string Language, int Covered, int Total, IReadOnlyList<ObjectiveAlignmentView> Objectives);

/// <summary>The GCM alignment matrix under <c>/api/content/gcm-alignment</c> (a read model fed by events).</summary>
public static class AlignmentEndpoints
{
    internal static async Task<Results<Ok<AlignmentView>, ValidationProblem>> MatrixAsync(
        Lang lang, ContentDbContext db, CancellationToken cancellationToken)
    {
        string language = lang;

        var activities = await db.Set<AlignmentActivity>().AsNoTracking()
            .Where(a => a.Active && a.GcmObjectives.Count > 0)
            .OrderByDescending(a => a.Date).ThenBy(a => a.ItemId)
            .ToListAsync(cancellationToken);
        var objectives = GcmObjectives.All
            .Select(o => View(o, activities.Where(a => a.GcmObjectives.Contains(o.Number)), language))
            .ToList();
        return TypedResults.Ok(new AlignmentView(language, objectives.Count(o => o.Covered), GcmObjectives.Count, objectives));
    }

    internal static async Task<Results<Ok<ObjectiveAlignmentView>, ValidationProblem, ProblemHttpResult>> ObjectiveAsync(
        Lang lang, string n, ContentDbContext db, CancellationToken cancellationToken)
    {
        string language = lang;
        var errors = new ValidationErrors(language);
        if (!FrameworksEndpoints.TryParseObjective(n, errors, out var number) || !errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (GcmObjectives.Find(number) is not { } objective)
        {
            return FrameworksEndpoints.ObjectiveNotFound(language, number);
        }

        var activities = await db.Set<AlignmentActivity>().AsNoTracking()
            .Where(a => a.Active && a.GcmObjectives.Contains(number))
            .OrderByDescending(a => a.Date).ThenBy(a => a.ItemId)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(View(objective, activities, language));
    }

    private static ObjectiveAlignmentView View(GcmObjective objective, IEnumerable<AlignmentActivity> activities, string language)
    {
        var views = activities.Select(a => AlignmentActivityView.From(a, language)).ToList();
        return new(objective.Number, objective.Short(language), objective.Title(language), views.Count > 0, views.Count, views);
    }
}
