using Microsoft.AspNetCore.Http.HttpResults;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>The editorial problems (404, 409, 401/403, 410…), in French and English.</summary>
internal static class EditorialProblems
{
    public static ProblemHttpResult NotFound(EditorialKind kind, string language, string key) => kind == EditorialKind.News
        ? Problems.NotFound(language,
            ("Actualité introuvable", "News item not found"),
            ($"Aucune actualité ne correspond à « {key} ».", $"No news item matches '{key}'."))
        : Problems.NotFound(language,
            ("Page introuvable", "Page not found"),
            ($"Aucune page ne correspond à « {key} ».", $"No page matches '{key}'."));

    public static ProblemHttpResult RevisionNotFound(string language, int number) => Problems.NotFound(language,
        ("Révision introuvable", "Revision not found"),
        ($"L'élément n'a pas de révision {number}.", $"The item has no revision {number}."));

    public static ProblemHttpResult EmptyRevision(string language) => Problems.Conflict(language,
        ("Révision vide", "Empty revision"),
        ("Cette révision n'a aucune version à restaurer.", "This revision has no version to restore."));

    public static ProblemHttpResult ConcurrentEdit(string language) => Problems.ConcurrentEdit(language,
        ("L'élément a été modifié entre-temps ; rechargez-le puis réessayez.", "The item changed meanwhile; reload it and try again."));

    public static ProblemHttpResult SlugConflict(string language, EditorialTranslation t) => Problems.SlugConflict(language, t.Language, t.Slug);

    public static ProblemHttpResult NoReadyVersion(string language) => Problems.Conflict(language,
        ("Aucune version prête", "No ready version"),
        ("Au moins une version doit être prête (status « ready ») pour publier.", "At least one version must be ready (status 'ready') to publish."));

    public static ProblemHttpResult AlreadyPublished(string language) =>
        Problems.Conflict(language, ("Déjà publié", "Already published"), ("Cet élément est déjà publié.", "This item is already published."));

    public static ProblemHttpResult AlreadyPublishedToSchedule(string language) => Problems.Conflict(language,
        ("Déjà publié", "Already published"),
        ("Cet élément est déjà publié : dépubliez-le avant de le programmer.", "This item is already published: unpublish it before scheduling it."));

    public static ProblemHttpResult AlreadyArchived(string language) =>
        Problems.Conflict(language, ("Déjà archivé", "Already archived"), ("Cet élément est déjà archivé.", "This item is already archived."));

    public static ProblemHttpResult NotPublished(string language) => Problems.Conflict(language,
        ("Non publié", "Not published"), ("Cet élément n'est ni publié ni programmé.", "This item is neither published nor scheduled."));

    public static ProblemHttpResult StatusFilterNeedsSignIn(string language) => Problems.Create(StatusCodes.Status401Unauthorized, language,
        ("Authentification requise", "Authentication required"),
        ("Le filtre « status » est réservé au Secrétariat.", "The 'status' filter is for the Secretariat only."));

    public static ProblemHttpResult StatusFilterForbidden(string language) => Problems.Create(StatusCodes.Status403Forbidden, language,
        ("Accès refusé", "Forbidden"),
        ("Le filtre « status » est réservé au Secrétariat.", "The 'status' filter is for the Secretariat only."));

    public static ProblemHttpResult PreviewTokenForged(string language) => Problems.Create(StatusCodes.Status403Forbidden, language,
        ("Jeton d'aperçu invalide", "Invalid preview token"),
        ("La signature du jeton d'aperçu ne correspond pas.", "The preview token's signature does not match."),
        TokenError(language, "Signature invalide.", "Invalid signature."));

    public static ProblemHttpResult PreviewTokenExpired(string language, DateTimeOffset expiresAt) => Problems.Create(StatusCodes.Status410Gone, language,
        ("Jeton d'aperçu expiré", "Preview token expired"),
        ($"Le lien d'aperçu a expiré le {expiresAt:u} ; demandez-en un nouveau.", $"The preview link expired at {expiresAt:u}; ask for a new one."),
        TokenError(language, "Jeton expiré.", "Expired token."));

    /// <summary>
    /// A write without a body (empty, or an empty <c>POST</c>): the same 400 as malformed JSON, naming
    /// <c>body</c> (the framework answers malformed JSON itself; an empty body binds as null).
    /// </summary>
    public static ProblemHttpResult MissingBody(string language) => Problems.Create(StatusCodes.Status400BadRequest, language,
        ("JSON invalide", "Malformed JSON"),
        ("Le corps de la requête n'est pas un JSON valide pour cette opération.", "The request body is not valid JSON for this operation."),
        new Dictionary<string, object?>
        {
            ["errors"] = new Dictionary<string, string[]>
            {
                ["body"] = [Localized.Pick(language, "Valeur ou syntaxe JSON invalide à cet endroit.", "Invalid JSON value or syntax here.")],
            },
        });

    private static Dictionary<string, object?> TokenError(string language, string fr, string en) =>
        new() { ["errors"] = new Dictionary<string, string[]> { ["token"] = [Localized.Pick(language, fr, en)] } };
}
