using System.Globalization;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Frameworks;

public sealed record FrameworkView(
    string Code,
    string Kind,
    string Title,
    IReadOnlyDictionary<string, string> Titles,
    int? StartYear,
    int? EndYear,
    string? Parent,
    IReadOnlyList<FrameworkView> Children)
{
    public static FrameworkView From(FrameworkNode node, string? parent, string language) => new(
        node.Code,
        node.Kind,
        node.Title(language),
        new Dictionary<string, string> { [Languages.French] = node.TitleFr, [Languages.English] = node.TitleEn },
        node.StartYear,
        node.EndYear,
        parent,
        node.Children.Select(c => From(c, node.Code, language)).ToList());
}

public sealed record GcmTitles(string Short, string Title);

public sealed record GcmObjectiveView(int Number, string Code, string ShortTitle, string Title, IReadOnlyDictionary<string, GcmTitles> Titles)
{
    public static GcmObjectiveView From(GcmObjective o, string language) => new(
        o.Number,
        GcmTags.Tag(o.Number),
        o.Short(language),
        o.Title(language),
        new Dictionary<string, GcmTitles>
        {
            [Languages.French] = new(o.ShortFr, o.TitleFr),
            [Languages.English] = new(o.ShortEn, o.TitleEn),
        });
}
