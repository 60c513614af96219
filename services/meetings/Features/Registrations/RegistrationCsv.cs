using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Meetings.Data;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>
/// The Secretariat's CSV export of a meeting's registrations: UTF-8 with a byte order mark (so spreadsheets
/// read accents), RFC 4180 quoting, CRLF line ends, and cells that a spreadsheet would run as a formula
/// (starting with = + - @, tab or carriage return) prefixed with an apostrophe.
/// </summary>
public static class RegistrationCsv
{
    private static readonly (string Name, Func<Registration, string?> Value)[] AllColumns =
    [
        ("id", r => r.Id.ToString()),
        ("partnerCode", r => r.PartnerCode),
        ("status", r => r.StatusName),
        ("givenName", r => r.GivenName),
        ("familyName", r => r.FamilyName),
        ("email", r => r.Email),
        ("function", r => r.Function),
        ("organisation", r => r.Organisation),
        ("language", r => r.Language),
        ("participation", r => r.Participation),
        ("workingGroup", r => r.WorkingGroup),
        ("visaLetter", r => r.VisaLetter ? "yes" : "no"),
        ("dietaryNotes", r => r.DietaryNotes),
        ("accessibilityNotes", r => r.AccessibilityNotes),
        ("offerExpiresAt", r => r.OfferExpiresAt?.ToString("O", CultureInfo.InvariantCulture)),
        ("createdAt", r => r.CreatedAt.ToString("O", CultureInfo.InvariantCulture)),
    ];

    public static IReadOnlyList<string> ColumnNames { get; } = AllColumns.Select(c => c.Name).ToList();

    internal static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportAsync(
        HttpContext http, Guid id, string? columns, MeetingsDbContext db, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = new ValidationErrors(language);
        var selected = new List<(string Name, Func<Registration, string?> Value)>();
        if (string.IsNullOrWhiteSpace(columns))
        {
            selected.AddRange(AllColumns);
        }
        else
        {
            foreach (var name in columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var column = AllColumns.FirstOrDefault(c => c.Name == name);
                if (column.Name is null)
                {
                    errors.Add("columns", $"Colonne inconnue « {name} » ; colonnes possibles : {string.Join(", ", ColumnNames)}.",
                        $"Unknown column '{name}'; possible columns: {string.Join(", ", ColumnNames)}.");
                }
                else if (!selected.Contains(column))
                {
                    selected.Add(column);
                }
            }

            if (selected.Count == 0 && errors.IsEmpty)
            {
                errors.Add("columns", "Au moins une colonne.", "At least one column.");
            }
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (meeting is null)
        {
            return MeetingProblems.MeetingNotFound(language, id.ToString());
        }

        var registrations = await db.Registrations.AsNoTracking()
            .Where(r => r.MeetingId == id)
            .OrderBy(r => r.PartnerCode).ThenBy(r => r.Sequence)
            .ToListAsync(cancellationToken);
        var csv = new StringBuilder();
        AppendRow(csv, selected.Select(c => c.Name));
        foreach (var r in registrations)
        {
            AppendRow(csv, selected.Select(c => c.Value(r)));
        }

        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        var slug = meeting.ResolveTranslation(language).Translation.Slug;
        return TypedResults.File(bytes, "text/csv; charset=utf-8", $"{slug}-registrations.csv");
    }

    internal static void AppendRow(StringBuilder csv, IEnumerable<string?> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                csv.Append(',');
            }

            first = false;
            csv.Append(Escape(cell));
        }

        csv.Append("\r\n");
    }

    /// <summary>RFC 4180 quoting, after neutralising spreadsheet formulas.</summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 || value != value.Trim()
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}
