using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using RabatPlatform.Content.Features.Partners;
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
        $"gcm-{o.Number.ToString(CultureInfo.InvariantCulture)}",
        o.Short(language),
        o.Title(language),
        new Dictionary<string, GcmTitles>
        {
            [Languages.French] = new(o.ShortFr, o.TitleFr),
            [Languages.English] = new(o.ShortEn, o.TitleEn),
        });
}

/// <summary>Strategic frameworks (<c>/api/content/frameworks</c>) and the GCM objectives (<c>/api/content/gcm-objectives</c>).</summary>
public static class FrameworksEndpoints
{
    internal static Results<Ok<ItemList<FrameworkView>>, ValidationProblem> ListFrameworks(Lang lang)
    {
        string language = lang;

        var items = FrameworkCatalogue.Frameworks.Select(f => FrameworkView.From(f, null, language)).ToList();
        return TypedResults.Ok(new ItemList<FrameworkView>(items, items.Count));
    }

    internal static Results<Ok<FrameworkView>, ProblemHttpResult, ValidationProblem> GetFramework(Lang lang, string code)
    {
        string language = lang;

        return FrameworkCatalogue.Find(code) is { } found
            ? TypedResults.Ok(FrameworkView.From(found.Node, found.Parent, language))
            : Problems.NotFound(language,
                ("Cadre stratégique introuvable", "Strategic framework not found"),
                ($"Aucun cadre, domaine ou objectif n'a le code « {code} ».", $"No framework, domain or objective has the code '{code}'."));
    }

    internal static Results<Ok<ItemList<GcmObjectiveView>>, ValidationProblem> ListObjectives(Lang lang)
    {
        string language = lang;

        var items = GcmObjectives.All.Select(o => GcmObjectiveView.From(o, language)).ToList();
        return TypedResults.Ok(new ItemList<GcmObjectiveView>(items, items.Count));
    }

    internal static Results<Ok<GcmObjectiveView>, ProblemHttpResult, ValidationProblem> GetObjective(Lang lang, string n)
    {
        string language = lang;
        var errors = new ValidationErrors(language);
        if (!TryParseObjective(n, errors, out var number) || !errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        return GcmObjectives.Find(number) is { } objective
            ? TypedResults.Ok(GcmObjectiveView.From(objective, language))
            : ObjectiveNotFound(language, number);
    }

    /// <summary>Parses a route's objective number; a non-number is a 400 naming <c>n</c>.</summary>
    internal static bool TryParseObjective(string raw, ValidationErrors errors, out int number)
    {
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return true;
        }

        errors.Add("n", "Le numéro d'objectif doit être un entier de 1 à 23.", "The objective number must be an integer from 1 to 23.");
        return false;
    }

    internal static ProblemHttpResult ObjectiveNotFound(string language, int number) => Problems.NotFound(language,
        ("Objectif du PMM introuvable", "GCM objective not found"),
        ($"Le PMM compte 23 objectifs ; il n'y a pas d'objectif {number}.", $"The GCM has 23 objectives; there is no objective {number}."));
}
