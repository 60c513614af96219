using Microsoft.AspNetCore.Http.HttpResults;
using RabatPlatform.Persistence;

namespace RabatPlatform.Content.Features.Partners;

/// <summary>The partner directory's bilingual problems.</summary>
internal static class PartnersProblems
{
    public static ProblemHttpResult NotFound(string language, string code) => Problems.NotFound(language,
        ("Partenaire introuvable", "Partner not found"),
        ($"Aucun partenaire n'a le code « {code} ».", $"No partner has the code '{code}'."));

    /// <summary>409: the code is taken; <c>errors</c> names the field.</summary>
    public static ProblemHttpResult Duplicate(string language, string code) => Problems.Conflict(language,
        ("Code déjà utilisé", "Code already in use"),
        ($"Un partenaire a déjà le code « {code} ».", $"A partner already has the code '{code}'."),
        new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["code"] = [code] } });

    public static ProblemHttpResult ConcurrentEdit(string language) => Problems.ConcurrentEdit(language,
        ("Le partenaire a été modifié entre-temps ; rechargez-le puis réessayez.", "The partner changed meanwhile; reload it and try again."));

    /// <summary>The problem for a refused save of the partner <paramref name="code"/>.</summary>
    public static ProblemHttpResult For(string language, SaveOutcome outcome, string code) => outcome switch
    {
        SaveOutcome.UniqueViolation => Duplicate(language, code),
        SaveOutcome.ConcurrentEdit => ConcurrentEdit(language),
        _ => throw new InvalidOperationException($"Not a refusal: {outcome}."),
    };
}
