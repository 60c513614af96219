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
    internal static readonly (string Name, Func<RegistrationCsvRow, string?> Value)[] AllColumns =
    [
        ("id", r => r.Registration.Id.ToString()),
        ("partnerCode", r => r.Registration.PartnerCode),
        ("status", r => r.Registration.StatusName),
        ("givenName", r => r.Registration.GivenName),
        ("familyName", r => r.Registration.FamilyName),
        ("email", r => r.Registration.Email),
        ("function", r => r.Registration.Function),
        ("organisation", r => r.Registration.Organisation),
        ("language", r => r.Registration.Language),
        ("participation", r => r.Registration.Participation),
        ("workingGroup", r => r.Registration.WorkingGroup),
        ("visaLetter", r => r.Registration.VisaLetter ? "yes" : "no"),
        ("dietaryNotes", r => r.Registration.DietaryNotes),
        ("accessibilityNotes", r => r.Registration.AccessibilityNotes),
        ("offerExpiresAt", r => r.Registration.OfferExpiresAt?.ToString("O", CultureInfo.InvariantCulture)),
        ("createdAt", r => r.Registration.CreatedAt.ToString("O", CultureInfo.InvariantCulture)),
        ("alsoRegisteredBy", r => string.Join(';', r.AlsoRegisteredBy)),
    ];

    public static IReadOnlyList<string> ColumnNames { get; } = AllColumns.Select(c => c.Name).ToList();

    /// <summary>The file <c>{slug}-registrations.csv</c> of the given registrations, with the selected columns.</summary>
    internal static FileContentHttpResult File(
        Meeting meeting, IEnumerable<RegistrationCsvRow> registrations, IReadOnlyList<(string Name, Func<RegistrationCsvRow, string?> Value)> selected, string language)
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

/// <summary>
/// One line of the CSV: the registration and, as in the Secretariat's JSON list, the other delegations that registered
/// the same address for the meeting (<c>alsoRegisteredBy</c>, codes separated by <c>;</c>).
/// </summary>
public sealed record RegistrationCsvRow(Registration Registration, IReadOnlyList<string> AlsoRegisteredBy);
