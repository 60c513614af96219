using Microsoft.AspNetCore.Http.HttpResults;

namespace RabatPlatform.Search.Features.Rebuild;

internal static class RebuildProblems
{
    public static ProblemHttpResult NotFound(Lang lang, Guid id) =>
        Problems.NotFound(lang.Code, ("Reconstruction inconnue", "Unknown rebuild"), ($"Aucune reconstruction « {id} ».", $"No rebuild '{id}'."));
}
