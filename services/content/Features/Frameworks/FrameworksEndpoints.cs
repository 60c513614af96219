using Microsoft.AspNetCore.Http.HttpResults;
using RabatPlatform.Content.Features.Partners;

namespace RabatPlatform.Content.Features.Frameworks;

/// <summary>Strategic frameworks (<c>/api/content/frameworks</c>) and the GCM objectives (<c>/api/content/gcm-objectives</c>).</summary>
internal static class FrameworksEndpoints
{
    /// <summary>Every framework with its domains and objectives. (400: an invalid <c>?lang=</c>.)</summary>
    public static Results<Ok<ItemList<FrameworkView>>, ValidationProblem> ListFrameworks(Lang lang)
    {
        var items = FrameworkCatalogue.Frameworks.Select(f => FrameworkView.From(f, null, lang)).ToList();
        return TypedResults.Ok(new ItemList<FrameworkView>(items, items.Count));
    }

    /// <summary>A framework, domain or objective by its code.</summary>
    public static Results<Ok<FrameworkView>, ProblemHttpResult, ValidationProblem> GetFramework(
        [AsParameters] FrameworkCodeRequest request, Lang lang)
    {
        return FrameworkCatalogue.Find(request.Code) is { } found
            ? TypedResults.Ok(FrameworkView.From(found.Node, found.Parent, lang))
            : FrameworksProblems.FrameworkNotFound(lang, request.Code);
    }

    /// <summary>The 23 GCM objectives. (400: an invalid <c>?lang=</c>.)</summary>
    public static Results<Ok<ItemList<GcmObjectiveView>>, ValidationProblem> ListObjectives(Lang lang)
    {
        var items = GcmObjectives.All.Select(o => GcmObjectiveView.From(o, lang)).ToList();
        return TypedResults.Ok(new ItemList<GcmObjectiveView>(items, items.Count));
    }

    /// <summary>A GCM objective by its number (1 to 23).</summary>
    public static Results<Ok<GcmObjectiveView>, ProblemHttpResult, ValidationProblem> GetObjective(
        [AsParameters] GcmObjectiveRequest request, Lang lang)
    {
        var errors = lang.Errors();
        if (FrameworksValidator.Objective(request, errors) is not { } number)
        {
            return errors.ToProblem();
        }

        return GcmObjectives.Find(number) is { } objective
            ? TypedResults.Ok(GcmObjectiveView.From(objective, lang))
            : FrameworksProblems.ObjectiveNotFound(lang, number);
    }
}
