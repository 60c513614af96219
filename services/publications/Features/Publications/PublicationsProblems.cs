using Microsoft.AspNetCore.Http.HttpResults;
using RabatPlatform.Persistence;

namespace RabatPlatform.Publications.Features.Publications;

/// <summary>The publications' bilingual problems (404, 409, 410, 422).</summary>
internal static class PublicationsProblems
{
    public static ProblemHttpResult NotFound(Lang lang, string key) => Problems.NotFound(lang,
        ("Publication introuvable", "Publication not found"),
        ($"Aucune publication ne correspond à « {key} ».", $"No publication matches '{key}'."));

    public static ProblemHttpResult Withdrawn(Lang lang, string slug) => Problems.Create(StatusCodes.Status410Gone, lang,
        ("Publication retirée", "Publication withdrawn"),
        ($"La publication « {slug} » a été retirée.", $"The publication '{slug}' has been withdrawn."));

    public static ProblemHttpResult ConcurrentEdit(Lang lang) => Problems.ConcurrentEdit(lang,
        ("La publication a été modifiée entre-temps ; rechargez-la puis réessayez.", "The publication changed meanwhile; reload it and try again."));

    public static ProblemHttpResult SlugConflict(Lang lang, PublicationTranslation taken) => Problems.SlugConflict(lang, taken.Language, taken.Slug);

    public static ProblemHttpResult AlreadyPublished(Lang lang) => Problems.Conflict(lang,
        ("Déjà publiée", "Already published"),
        ("Cette publication est déjà publiée.", "This publication is already published."));

    public static ProblemHttpResult NotPublished(Lang lang) => Problems.Conflict(lang,
        ("Non publiée", "Not published"),
        ("Seule une publication publiée peut être retirée.", "Only a published publication can be withdrawn."));

    public static ProblemHttpResult NoFile(Lang lang) => Problems.Create(StatusCodes.Status422UnprocessableEntity, lang,
        ("Aucun fichier", "No file"),
        ("Une publication ne peut être publiée sans au moins un fichier.", "A publication cannot be published without at least one file."),
        new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["files"] = [lang.Pick("Téléversez d'abord un fichier.", "Upload a file first.")] } });

    /// <summary>
    /// A save refused: a concurrent edit (409), or a unique key taken meanwhile, which for a publication is
    /// a slug (409 naming the first version's slug); null when saved.
    /// </summary>
    public static ProblemHttpResult? ForSave(Lang lang, SaveOutcome outcome, IReadOnlyList<PublicationTranslation> translations) => outcome switch
    {
        SaveOutcome.ConcurrentEdit => ConcurrentEdit(lang),
        SaveOutcome.UniqueViolation => SlugConflict(lang, translations[0]),
        _ => null,
    };
}
