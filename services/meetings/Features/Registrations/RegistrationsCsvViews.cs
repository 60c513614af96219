using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using RabatPlatform.Meetings.Features.Meetings;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>
/// The Secretariat's CSV export of a meeting's registrations: UTF-8 with a byte order mark (so spreadsheets
/// read accents), RFC 4180 quoting, CRLF line ends, and cells that a spreadsheet would run as a formula
/// (starting with = + - @, tab or carriage return) prefixed with an apostrophe.
/// </summary>
public static class RegistrationCsv
{
    internal static readonly (string Name, Func<Registration, string?> Value)[] AllColumns =
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

    /// <summary>The file <c>{slug}-registrations.csv</c> of the given registrations, with the selected columns.</summary>
    internal static FileContentHttpResult File(
        Meeting meeting, IEnumerable<Registration> registrations, IReadOnlyList<(string Name, Func<Registration, string?> Value)> selected, string language)
    {
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
