using System.Text;
using CsvHelper;

namespace RabatPlatform.Content.Features.Projects;

/// <summary>
/// The rules of an imported file (<c>POST /api/content/projects/import</c>): a UTF-8 CSV file (multipart
/// field <c>file</c>, or a <c>text/csv</c> body), comma-separated, with the header
/// <c>title_fr,title_en,summary_fr,summary_en,countries,start_year,end_year,donor,implementer,themes</c>
/// (any order; <c>countries</c> and <c>themes</c> separated by <c>;</c>). Every row is checked by
/// <see cref="ProjectsValidator.Validate"/>; each bad row is an <see cref="ImportRowError"/>.
/// </summary>
internal static class ProjectsCsvValidator
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

    /// <summary>
    /// The file's rows as valid projects, and the bad rows. A file that cannot be read as the expected CSV
    /// (not UTF-8, bad header, too many rows…) adds its error to <paramref name="errors"/> instead.
    /// </summary>
    public static (List<ProjectFields> Valid, List<ImportRowError> RowErrors) Validate(byte[] bytes, ValidationErrors errors)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            errors.Add("file", "Le fichier n'est pas en UTF-8.", "The file is not UTF-8 encoded.");
            return ([], []);
        }

        var (drafts, rowErrors, fileProblem) = Parse(text, errors);
        if (fileProblem)
        {
            return ([], rowErrors);
        }

        var valid = new List<ProjectFields>();
        foreach (var (row, draft) in drafts)
        {
            var fields = ProjectsValidator.Validate(draft, (field, fr, en) =>
                rowErrors.Add(RowError(row, CsvFields.GetValueOrDefault(field, field), fr, en, errors.Language)));
            if (fields is not null)
            {
                valid.Add(fields);
            }
        }

        return (valid, rowErrors);
    }

    /// <summary>The uploaded file's bytes; null with a refusal (too large, not a CSV upload) or with a field error in <paramref name="errors"/>.</summary>
    public static async Task<(byte[]? Bytes, ProjectImportOutcome? Refusal)> ReadFileAsync(
        HttpRequest request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxFileSize)
        {
            return (null, ProjectImportOutcome.TooLarge);
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
                return (null, ProjectImportOutcome.TooLarge);
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
            return (null, ProjectImportOutcome.UnsupportedMediaType);
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
                    return (null, ProjectImportOutcome.TooLarge);
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

    private static (List<(int Row, ProjectDraft Draft)> Drafts, List<ImportRowError> RowErrors, bool FileProblem) Parse(
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
                return (drafts, rowErrors, true);
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
                return (drafts, rowErrors, true);
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
                    return (drafts, rowErrors, true);
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
            return (drafts, rowErrors, true);
        }

        if (drafts.Count == 0 && rowErrors.Count == 0)
        {
            errors.Add("file", "Le fichier ne contient aucune ligne de données.", "The file has no data rows.");
            return (drafts, rowErrors, true);
        }

        return (drafts, rowErrors, false);
    }

    private static ImportRowError RowError(int row, string field, string fr, string en, string language) =>
        new(row, field, Localized.Pick(language, fr, en), new Dictionary<string, string> { ["fr"] = fr, ["en"] = en });
}
