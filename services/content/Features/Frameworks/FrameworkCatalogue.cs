using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Frameworks;

public static class FrameworkKinds
{
    public const string Framework = "framework";
    public const string Domain = "domain";
    public const string Objective = "objective";
}

/// <summary>
/// A node of a strategic framework: the framework itself (<c>cadiz-2023</c>), one of its domains
/// (<c>cadiz-2023.d4</c>) or one of a domain's objectives (<c>marrakech-2018.d4.o7</c>; objectives are
/// numbered across the whole plan, as the plans number them).
/// </summary>
public sealed record FrameworkNode(
    string Code,
    string Kind,
    string TitleFr,
    string TitleEn,
    int? StartYear,
    int? EndYear,
    IReadOnlyList<FrameworkNode> Children)
{
    public string Title(string language) => language == Languages.English ? TitleEn : TitleFr;
}

/// <summary>
/// The dialogue's strategic frameworks, as reference data held in code (official texts that never
/// change: no table to seed, nothing to migrate, available from the first request). Only wording
/// taken from the source pages or the official texts is listed; no objective is made up.
/// </summary>
public static class FrameworkCatalogue
{
    public static readonly IReadOnlyList<FrameworkNode> Frameworks =
    [
        new("rabat-2006", FrameworkKinds.Framework,
            "Déclaration et Plan d'action de Rabat (2006)",
            "Rabat Declaration and Action Plan (2006)",
            2006, null, []),

        new("marrakech-2018", FrameworkKinds.Framework,
            "Plan d'action de Marrakech 2018-2020",
            "Marrakech Action Plan 2018-2020",
            2018, 2020,
            [
                Domain("marrakech-2018.d1",
                    "Avantages des migrations en termes de développement et lutte contre les causes profondes de la migration irrégulière et du phénomène des personnes déplacées",
                    "Development benefits of migration and addressing root causes of irregular migration and forced displacement"),
                Domain("marrakech-2018.d2", "Migration légale et mobilité", "Legal migration and mobility"),
                Domain("marrakech-2018.d3", "Protection et asile", "Protection and asylum"),
                Domain("marrakech-2018.d4",
                    "Prévention de la migration irrégulière, du trafic de migrants et de la traite des êtres humains et lutte contre ces phénomènes",
                    "Prevention of and fight against irregular migration, migrant smuggling and trafficking in human beings",
                    Objective("marrakech-2018.d4.o7",
                        "Renforcer les capacités des institutions publiques compétentes en matière de gestion intégrée des frontières, de prévention et de lutte contre le trafic des migrants et la traite des êtres humains",
                        "Strengthen the capacities of the competent public institutions in integrated border management and in preventing and fighting migrant smuggling and trafficking in human beings")),
                Domain("marrakech-2018.d5", "Retour, réadmission et réintégration", "Return, readmission and reintegration"),
            ]),

        new("cadiz-2023", FrameworkKinds.Framework,
            "Plan d'action de Cadix 2023-2027",
            "Cadiz Action Plan 2023-2027",
            2023, 2027,
            [
                Domain("cadiz-2023.d1",
                    "Avantages des migrations en termes de développement et lutte contre les causes profondes de la migration irrégulière et des déplacements forcés",
                    "Development benefits of migration and addressing root causes of irregular migration and forced displacement"),
                Domain("cadiz-2023.d2", "Migration légale et mobilité", "Legal migration and mobility"),
                Domain("cadiz-2023.d3", "Protection et asile", "Protection and asylum"),
                Domain("cadiz-2023.d4",
                    "Prévention et réduction effective de la migration irrégulière, lutte contre le trafic de migrants et la traite des êtres humains",
                    "Prevention and effective reduction of irregular migration, fight against migrant smuggling and trafficking in human beings"),
                Domain("cadiz-2023.d5", "Retour, réadmission et réintégration durable", "Return, readmission and sustainable reintegration"),
            ]),
    ];

    private static readonly Dictionary<string, (FrameworkNode Node, string? Parent)> ByCode = Index();

    public static (FrameworkNode Node, string? Parent)? Find(string code) =>
        ByCode.TryGetValue(code.Trim().ToLowerInvariant(), out var found) ? found : null;

    /// <summary>Every code of every framework, domain and objective.</summary>
    public static IEnumerable<string> Codes => ByCode.Keys;

    private static FrameworkNode Domain(string code, string fr, string en, params FrameworkNode[] objectives) =>
        new(code, FrameworkKinds.Domain, fr, en, null, null, objectives);

    private static FrameworkNode Objective(string code, string fr, string en) =>
        new(code, FrameworkKinds.Objective, fr, en, null, null, []);

    private static Dictionary<string, (FrameworkNode, string?)> Index()
    {
        var index = new Dictionary<string, (FrameworkNode, string?)>(StringComparer.Ordinal);
        void Add(FrameworkNode node, string? parent)
        {
            index.Add(node.Code, (node, parent));
            foreach (var child in node.Children)
            {
                Add(child, node.Code);
            }
        }

        foreach (var framework in Frameworks)
        {
            Add(framework, null);
        }

        return index;
    }
}
