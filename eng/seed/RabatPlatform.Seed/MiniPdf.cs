using System.Globalization;
using System.Text;

namespace RabatPlatform.Seed;

/// <summary>
/// A minimal valid PDF 1.4 (one A4 page, Helvetica, the title and a line saying it is demo data):
/// a few hundred bytes with a correct cross-reference table, written by hand.
/// </summary>
public static class MiniPdf
{
    public static byte[] Create(string title, string language)
    {
        var note = language == "fr" ? "Processus de Rabat - document de demonstration" : "Rabat Process - demonstration document";
        var lines = Wrap(Ascii(title), 70).Append("").Append(note).ToList();
        var text = new StringBuilder("BT /F1 14 Tf 56 780 Td 18 TL");
        foreach (var line in lines)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({Escape(line)}) '");
        }

        text.Append(" ET");
        var stream = text.ToString();
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            $"<< /Length {Encoding.ASCII.GetByteCount(stream)} >>\nstream\n{stream}\nendstream",
        ];

        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>Latin text without its accents (Helvetica's standard encoding is enough then).</summary>
    internal static string Ascii(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(c switch
            {
                'œ' => "oe",
                'Œ' => "OE",
                '’' or '‘' => "'",
                '«' or '»' or '“' or '”' => "\"",
                '–' or '—' => "-",
                _ when c < 128 => c.ToString(),
                _ => "?",
            });
        }

        return sb.ToString();
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + word.Length + 1 > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
