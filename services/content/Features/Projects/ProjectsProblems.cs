using Microsoft.AspNetCore.Http.HttpResults;

namespace RabatPlatform.Content.Features.Projects;

/// <summary>The project inventory's bilingual problems.</summary>
internal static class ProjectsProblems
{
    public static ProblemHttpResult NotFound(string language, Guid id) => Problems.NotFound(language,
        ("Projet introuvable", "Project not found"),
        ($"Aucun projet « {id} ».", $"No project '{id}'."));

    public static ProblemHttpResult ConcurrentEdit(string language) => Problems.ConcurrentEdit(language,
        ("Le projet a été modifié entre-temps ; rechargez-le puis réessayez.", "The project changed meanwhile; reload it and try again."));

    public static ProblemHttpResult TooLarge(string language) => Problems.Create(StatusCodes.Status413PayloadTooLarge, language,
        ("Fichier trop volumineux", "File too large"),
        ($"Le fichier dépasse {ProjectsCsvValidator.MaxFileSize / 1024 / 1024} Mo.", $"The file exceeds {ProjectsCsvValidator.MaxFileSize / 1024 / 1024} MB."));

    public static ProblemHttpResult UnsupportedMediaType(string language) => Problems.Create(StatusCodes.Status415UnsupportedMediaType, language,
        ("Type de contenu non pris en charge", "Unsupported media type"),
        ("Envoyez un fichier CSV : multipart/form-data (champ « file ») ou text/csv.",
         "Send a CSV file: multipart/form-data (field 'file') or text/csv."));

    /// <summary>422: the rows in error (the first <see cref="ProjectsCsvValidator.MaxReportedErrors"/>), also as <c>errors["rows[n].column"]</c>.</summary>
    public static ProblemHttpResult InvalidRows(string language, IReadOnlyList<ImportRowError> rowErrors)
    {
        var reported = rowErrors.OrderBy(e => e.Row).Take(ProjectsCsvValidator.MaxReportedErrors).ToList();
        var badRows = rowErrors.Select(e => e.Row).Distinct().Count();
        return Problems.Create(StatusCodes.Status422UnprocessableEntity, language,
            ("Fichier CSV invalide", "Invalid CSV file"),
            ($"{badRows} ligne(s) contiennent des erreurs ; aucun projet n'a été importé.", $"{badRows} row(s) have errors; no project was imported."),
            new Dictionary<string, object?>
            {
                ["rows"] = reported,
                ["errors"] = reported
                    .GroupBy(e => $"rows[{e.Row}].{e.Field}")
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            });
    }

    /// <summary>The problem for a refused import (<see cref="ProjectsWorkflow.ImportAsync"/>).</summary>
    public static ProblemHttpResult For(string language, ProjectImport import) => import.Outcome switch
    {
        ProjectImportOutcome.TooLarge => TooLarge(language),
        ProjectImportOutcome.UnsupportedMediaType => UnsupportedMediaType(language),
        ProjectImportOutcome.InvalidRows => InvalidRows(language, import.RowErrors!),
        _ => throw new InvalidOperationException($"Not a refusal: {import.Outcome}."),
    };
}
