using Microsoft.AspNetCore.Http.HttpResults;

namespace RabatPlatform.Publications.Features.Files;

/// <summary>The files' bilingual problems (400, 404, 409, 413, 415).</summary>
internal static class FilesProblems
{
    public static ProblemHttpResult NotMultipart(Lang lang) => Problems.Create(StatusCodes.Status415UnsupportedMediaType, lang,
        ("Type de contenu non pris en charge", "Unsupported media type"),
        ("Envoyez le fichier en multipart/form-data (champs « file » et « language »).", "Send the file as multipart/form-data ('file' and 'language' fields)."));

    public static ProblemHttpResult TooLarge(Lang lang, long max) => Problems.Create(StatusCodes.Status413PayloadTooLarge, lang,
        ("Fichier trop volumineux", "File too large"),
        ($"Le fichier dépasse la taille maximale de {max} octets.", $"The file exceeds the maximum size of {max} bytes."),
        new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["file"] = [lang.Pick($"Au plus {max} octets.", $"At most {max} bytes.")] }, ["maxBytes"] = max });

    public static ProblemHttpResult Withdrawn(Lang lang) => Problems.Conflict(lang,
        ("Publication retirée", "Publication withdrawn"),
        ("On ne peut ajouter de fichier à une publication retirée.", "Files cannot be added to a withdrawn publication."));

    public static ProblemHttpResult Malformed(Lang lang) => Problems.Create(StatusCodes.Status400BadRequest, lang,
        ("Requête invalide", "Bad request"),
        ("Le corps multipart est mal formé.", "The multipart body is malformed."));

    public static ProblemHttpResult UnsupportedType(Lang lang) => Problems.Create(StatusCodes.Status415UnsupportedMediaType, lang,
        ("Type de fichier refusé", "File type refused"),
        ("Seuls les fichiers PDF, DOCX et XLSX sont acceptés (vérifiés d'après leur contenu).", "Only PDF, DOCX and XLSX files are accepted (checked by their content)."),
        new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["file"] = [lang.Pick("Type de contenu non reconnu.", "Unrecognised content type.")] } });

    public static ProblemHttpResult FileNotFound(Lang lang, string language, int? version) => Problems.NotFound(lang,
        ("Fichier introuvable", "File not found"),
        (version is null ? $"Aucun fichier en « {language} » pour cette publication." : $"Pas de version {version} en « {language} » pour cette publication.",
         version is null ? $"No file in '{language}' for this publication." : $"No version {version} in '{language}' for this publication."));

    public static ProblemHttpResult NoLongerAvailable(Lang lang) => Problems.NotFound(lang,
        ("Fichier introuvable", "File not found"),
        ("Le fichier n'est plus disponible.", "The file is no longer available."));
}
