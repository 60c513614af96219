using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using RabatPlatform.Content.Data;

namespace RabatPlatform.Content.Features.Projects;

/// <summary>One problem of an imported file: its line (the header is line 1), the column and a bilingual message.</summary>
public sealed record ImportRowError(int Row, string Field, string Message, IReadOnlyDictionary<string, string> Messages);

public sealed record ImportResult(int Imported, IReadOnlyList<Guid> Ids);

/// <summary>
/// <c>POST /api/content/projects/import</c>: a UTF-8 CSV file (multipart field <c>file</c>, or a
/// <c>text/csv</c> body), comma-separated, with the header
/// <c>title_fr,title_en,summary_fr,summary_en,countries,start_year,end_year,donor,implementer,themes</c>
/// (any order; <c>countries</c> and <c>themes</c> separated by <c>;</c>). Every row is checked; one bad
/// row and nothing is imported (a 422 listing each bad row), otherwise all rows are imported in one
/// transaction with their <c>project.published</c> events.
/// </summary>
public static class ProjectImport
{
    public const long MaxFileSize = 5L * 1024 * 1024;
    public const int MaxRows = 5000;
    public const int MaxReportedErrors = 500;

    public static readonly IReadOnlyList<string> Columns =
        ["title_fr", "title_en", "summary_fr", "summary_en", "countries", "start_year", "end_year", "donor", "implementer", "themes"];

    private static readonly string[] RequiredColumns = ["title_fr", "title_en", "countries", "start_year"];

    private static readonly Dictionary<string, string> CsvFields = new()
    {
        ["title"] = "title_fr",
        ["titleFr"] = "title_fr",
        ["titleEn"] = "title_en",
        ["summaryFr"] = "summary_fr",
        ["summaryEn"] = "summary_en",
        ["startYear"] = "start_year",
        ["endYear"] = "end_year",
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    internal static async Task<Results<Ok<ImportResult>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        HttpContext http, ContentDbContext db, TimeProvider time, Lang lang, CancellationToken cancellationToken)
    {
        string language = lang;
        var errors = new ValidationErrors(language);
        var (bytes, problem) = await ReadFileAsync(http, errors, language, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (bytes is null)
        {
            return errors.ToProblem();
        }

        var (valid, invalid, rows) = Drafts(bytes, errors, language);
        if (invalid is not null)
        {
            return invalid;
        }

        if (rows is not null)
        {
            return rows;
        }

        var now = time.GetUtcNow();
        var ids = new List<Guid>(valid.Count);
        foreach (var fields in valid)
        {
            var project = Project.Create(fields, now);
            db.Add(project);
            db.Publish(project.ToPublishedEvent(now));
            ids.Add(project.Id);
        }

        // One SaveChanges: every project and every event, or nothing.
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new ImportResult(ids.Count, ids));
    }

    /// <summary>The file's rows as valid projects, or the problem: not UTF-8, not the expected CSV, or rows in error.</summary>
    private static (List<ProjectFields> Valid, ValidationProblem? Invalid, ProblemHttpResult? Rows) Drafts(byte[] bytes, ValidationErrors errors, string language)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return ([], errors.Add("file", "Le fichier n'est pas en UTF-8.", "The file is not UTF-8 encoded.").ToProblem(), null);
        }

        var (drafts, rowErrors, fileProblem) = Parse(text, errors);
        if (fileProblem is not null)
        {
            return ([], fileProblem, null);
        }

        var valid = new List<ProjectFields>();
        foreach (var (row, draft) in drafts)
        {
            var fields = ProjectValidator.Validate(draft, (field, fr, en) =>
                rowErrors.Add(RowError(row, CsvFields.GetValueOrDefault(field, field), fr, en, language)));
            if (fields is not null)
            {
                valid.Add(fields);
            }
        }

        return rowErrors.Count > 0 ? ([], null, RowsProblem(language, rowErrors)) : (valid, null, null);
    }

    private static async Task<(byte[]? Bytes, ProblemHttpResult? Problem)> ReadFileAsync(
        HttpContext http, ValidationErrors errors, string language, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (request.ContentLength > MaxFileSize)
        {
            return (null, TooLarge(language));
        }

        Stream source;
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                errors.Add("file", "Le corps multipart est mal formé.", "The multipart body is malformed.");
                return (null, null);
            }

            var file = form.Files.GetFile("file");
            if (file is null)
            {
                errors.Add("file", "Le fichier CSV est requis (champ « file »).", "The CSV file is required (field 'file').");
                return (null, null);
            }

            if (file.Length > MaxFileSize)
            {
                return (null, TooLarge(language));
            }

            source = file.OpenReadStream();
        }
        else if (request.ContentType is { } type
                 && (type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)
                     || type.StartsWith("application/csv", StringComparison.OrdinalIgnoreCase)))
        {
            source = request.Body;
        }
        else
        {
            return (null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, language,
                ("Type de contenu non pris en charge", "Unsupported media type"),
                ("Envoyez un fichier CSV : multipart/form-data (champ « file ») ou text/csv.",
                 "Send a CSV file: multipart/form-data (field 'file') or text/csv.")));
        }

        await using (source)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxFileSize)
                {
                    return (null, TooLarge(language));
                }

                buffer.Write(chunk, 0, read);
            }

            if (buffer.Length == 0)
            {
                errors.Add("file", "Le fichier est vide.", "The file is empty.");
                return (null, null);
            }

            return (buffer.ToArray(), null);
        }
    }

    private static (List<(int Row, ProjectDraft Draft)> Drafts, List<ImportRowError> RowErrors, ValidationProblem? Problem) Parse(
        string text, ValidationErrors errors)
    {
        var language = errors.Language;
        var drafts = new List<(int, ProjectDraft)>();
        var rowErrors = new List<ImportRowError>();
        var malformed = new HashSet<long>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            OnMalformedRecord = record =>
            {
                malformed.Add(record.LineNumber);
                rowErrors.Add(RowError((int)record.LineNumber, "row",
                    $"Ligne CSV mal formée ({record.Reason}).", $"Malformed CSV line ({record.Reason}).", language));
            },
        };

        try
        {
            using var csv = CsvReader.FromText(text, options);
            var headers = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
            if (headers.Count == 0 || headers.All(string.IsNullOrEmpty))
            {
                errors.Add("file", "Le fichier n'a pas d'en-tête.", "The file has no header.");
                return (drafts, rowErrors, errors.ToProblem());
            }

            foreach (var unknown in headers.Where(h => !Columns.Contains(h)).Distinct())
            {
                errors.Add("header", $"Colonne inconnue « {unknown} ».", $"Unknown column '{unknown}'.");
            }

            foreach (var duplicate in headers.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                errors.Add("header", $"Colonne en double « {duplicate} ».", $"Duplicate column '{duplicate}'.");
            }

            foreach (var missing in RequiredColumns.Where(c => !headers.Contains(c)))
            {
                errors.Add("header", $"Colonne requise absente « {missing} ».", $"Missing required column '{missing}'.");
            }

            if (!errors.IsEmpty)
            {
                return (drafts, rowErrors, errors.ToProblem());
            }

            string? Field(string column) =>
                headers.IndexOf(column) is >= 0 and var index && index < csv.FieldCount ? csv.GetString(index) : null;

            static List<string?> List(string? value) =>
                value is null ? [] : [.. value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

            var count = 0;
            while (csv.Read())
            {
                var row = (int)csv.LineNumber;
                if (++count > MaxRows)
                {
                    errors.Add("file", $"Le fichier dépasse {MaxRows} lignes.", $"The file has more than {MaxRows} rows.");
                    return (drafts, rowErrors, errors.ToProblem());
                }

                if (malformed.Contains(row))
                {
                    continue;
                }

                if (csv.FieldCount != headers.Count)
                {
                    rowErrors.Add(RowError(row, "row",
                        $"La ligne compte {csv.FieldCount} colonnes au lieu de {headers.Count}.",
                        $"The row has {csv.FieldCount} columns instead of {headers.Count}.", language));
                    continue;
                }

                drafts.Add((row, new ProjectDraft(
                    Field("title_fr"), Field("title_en"), Field("summary_fr"), Field("summary_en"),
                    List(Field("countries")), Field("start_year"), Field("end_year"),
                    Field("donor"), Field("implementer"), List(Field("themes")))));
            }
        }
        catch (CsvFormatException ex)
        {
            errors.Add("file", $"CSV mal formé : {ex.Message}", $"Malformed CSV: {ex.Message}");
            return (drafts, rowErrors, errors.ToProblem());
        }

        if (drafts.Count == 0 && rowErrors.Count == 0)
        {
            errors.Add("file", "Le fichier ne contient aucune ligne de données.", "The file has no data rows.");
            return (drafts, rowErrors, errors.ToProblem());
        }

        return (drafts, rowErrors, null);
    }

    private static ImportRowError RowError(int row, string field, string fr, string en, string language) =>
        new(row, field, Localized.Pick(language, fr, en), new Dictionary<string, string> { ["fr"] = fr, ["en"] = en });

    private static ProblemHttpResult RowsProblem(string language, List<ImportRowError> rowErrors)
    {
        var reported = rowErrors.OrderBy(e => e.Row).Take(MaxReportedErrors).ToList();
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

    private static ProblemHttpResult TooLarge(string language) => Problems.Create(StatusCodes.Status413PayloadTooLarge, language,
        ("Fichier trop volumineux", "File too large"),
        ($"Le fichier dépasse {MaxFileSize / 1024 / 1024} Mo.", $"The file exceeds {MaxFileSize / 1024 / 1024} MB."));
}
