using Microsoft.AspNetCore.Http.HttpResults;

namespace RabatPlatform.Content.Features.Frameworks;

/// <summary>The frameworks' bilingual problems (also used by the GCM alignment).</summary>
public static class FrameworksProblems
{
    public static ProblemHttpResult FrameworkNotFound(string language, string code) => Problems.NotFound(language,
        ("Cadre stratégique introuvable", "Strategic framework not found"),
        ($"Aucun cadre, domaine ou objectif n'a le code « {code} ».", $"No framework, domain or objective has the code '{code}'."));

    public static ProblemHttpResult ObjectiveNotFound(string language, int number) => Problems.NotFound(language,
        ("Objectif du PMM introuvable", "GCM objective not found"),
        ($"Le PMM compte 23 objectifs ; il n'y a pas d'objectif {number}.", $"The GCM has 23 objectives; there is no objective {number}."));
}
