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
    int Number, string ShortTitle, string Title, bool Covered, int Count, IReadOnlyList<AlignmentActivityView> Activities)
{
    public static ObjectiveAlignmentView From(GcmObjective objective, IEnumerable<AlignmentActivity> activities, string language)
    {
        var views = activities.Select(a => AlignmentActivityView.From(a, language)).ToList();
        return new(objective.Number, objective.Short(language), objective.Title(language), views.Count > 0, views.Count, views);
    }
}

/// <summary>The matrix: <c>covered</c> of <c>total</c> objectives have at least one activity ("14 of 23").</summary>
public sealed record AlignmentView(string Language, int Covered, int Total, IReadOnlyList<ObjectiveAlignmentView> Objectives);
