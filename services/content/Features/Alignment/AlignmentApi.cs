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
public static class AlignmentApi
{
    public static RouteGroupBuilder MapAlignmentApi(this RouteGroupBuilder api)
    {
        // Cached by the gateway like every public read, and evicted by alignment.updated, which this service
        // publishes once a change to the matrix is committed (not by the meeting/publication/news events
        // themselves, which may reach the gateway before this service has applied them).
        var alignment = api.MapGroup("/gcm-alignment").WithTags("GCM alignment");
        alignment.MapGet("/", MatrixAsync);
        alignment.MapGet("/{n}", ObjectiveAsync);
        return api;
    }

    internal static async Task<Results<Ok<AlignmentView>, ValidationProblem>> MatrixAsync(
        HttpContext http, ContentDbContext db, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        if (RequestLanguage.CheckQuery(http, new ValidationErrors(language)) is { IsEmpty: false } badLanguage)
        {
            return badLanguage.ToProblem();
        }

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
        HttpContext http, string n, ContentDbContext db, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = RequestLanguage.CheckQuery(http, new ValidationErrors(language));
        if (!FrameworksApi.TryParseObjective(n, errors, out var number) || !errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (GcmObjectives.Find(number) is not { } objective)
        {
            return FrameworksApi.ObjectiveNotFound(language, number);
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
