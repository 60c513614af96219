using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RabatPlatform.Publications.Features.Publications;

/// <summary>Citation exports: BibTeX (special characters escaped) and CSL-JSON (one item in an array).</summary>
public static class Citations
{
    public const string Publisher = "Rabat Process (Euro-African Dialogue on Migration and Development)";

    private static string Url(Publication p, string language, string baseUrl)
    {
        var (t, _) = p.ResolveTranslation(language);
        return $"{baseUrl}/api/publications/by-slug/{t.Slug}";
    }

    public static string BibTex(Publication p, string language, string baseUrl)
    {
        var (t, _) = p.ResolveTranslation(language);
        var entryType = p.Type switch
        {
            "report" or "study" or "policy-brief" or "technical-recommendations" or "background-paper" => "techreport",
            "guide" or "compendium" => "book",
            _ => "misc",
        };
        var key = new string(t.Slug.Where(char.IsAsciiLetterOrDigit).Take(40).ToArray()) + p.PublishedOn.Year.ToString(CultureInfo.InvariantCulture);
        var fields = new List<(string Name, string Value)>
        {
            ("title", "{" + Escape(t.Title) + "}"), // double braces keep the title's capitals
        };
        if (p.Authors.Count > 0)
        {
            fields.Add(("author", string.Join(" and ", p.Authors.Select(AuthorName))));
        }
        else
        {
            fields.Add(("author", "{" + Escape(Publisher) + "}"));
        }

        fields.Add((entryType == "techreport" ? "institution" : "publisher", Escape(Publisher)));
        fields.Add(("year", p.PublishedOn.Year.ToString(CultureInfo.InvariantCulture)));
        fields.Add(("month", p.PublishedOn.ToString("MMM", CultureInfo.InvariantCulture).ToLowerInvariant()));
        fields.Add(("date", p.PublishedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        if (entryType == "techreport")
        {
            fields.Add(("type", Escape(p.Type.Replace('-', ' '))));
        }

        if (t.Summary is not null)
        {
            fields.Add(("abstract", Escape(t.Summary)));
        }

        fields.Add(("language", t.Language == "fr" ? "french" : "english"));
        fields.Add(("url", EscapeUrl(Url(p, language, baseUrl))));
        if (p.Themes.Count > 0)
        {
            fields.Add(("keywords", Escape(string.Join(", ", p.Themes))));
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"@{entryType}{{{key},\n");
        text.AppendJoin(",\n", fields.Select(f => $"  {f.Name} = {{{f.Value}}}"));
        text.Append("\n}\n");
        return text.ToString();
    }

    /// <summary>"Dupont, Marie" stays a person; a name with " and " or an organisation is protected by braces.</summary>
    private static string AuthorName(string name) =>
        name.Contains(',', StringComparison.Ordinal) && !name.Contains(" and ", StringComparison.OrdinalIgnoreCase)
            ? Escape(name)
            : "{" + Escape(name) + "}";

    /// <summary>Escapes LaTeX's special characters; other Unicode stays (biber and BibTeX 8-bit read UTF-8).</summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => @"\textbackslash{}",
                '{' => @"\{",
                '}' => @"\}",
                '&' => @"\&",
                '%' => @"\%",
                '$' => @"\$",
                '#' => @"\#",
                '_' => @"\_",
                '^' => @"\textasciicircum{}",
                '~' => @"\textasciitilde{}",
                '\r' or '\n' or '\t' => " ",
                _ when char.IsControl(c) => "",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }

    private static string EscapeUrl(string url) => url.Replace("{", "%7B", StringComparison.Ordinal).Replace("}", "%7D", StringComparison.Ordinal);

    public static string CslJson(Publication p, string language, string baseUrl)
    {
        var (t, _) = p.ResolveTranslation(language);
        var item = new JsonObject
        {
            ["id"] = p.Id.ToString(),
            ["type"] = p.Type switch
            {
                "report" or "study" or "policy-brief" or "technical-recommendations" or "background-paper" => "report",
                "guide" or "compendium" => "book",
                _ => "document",
            },
            ["title"] = t.Title,
            ["author"] = new JsonArray(p.Authors.Count == 0
                ? [new JsonObject { ["literal"] = Publisher }]
                : p.Authors.Select(CslName).ToArray<JsonNode?>()),
            ["publisher"] = Publisher,
            ["issued"] = new JsonObject
            {
                ["date-parts"] = new JsonArray(new JsonArray(p.PublishedOn.Year, p.PublishedOn.Month, p.PublishedOn.Day)),
            },
            ["language"] = t.Language,
            ["URL"] = Url(p, language, baseUrl),
        };
        if (t.Summary is not null)
        {
            item["abstract"] = t.Summary;
        }

        if (p.Themes.Count > 0)
        {
            item["keyword"] = string.Join(", ", p.Themes);
        }

        return new JsonArray(item).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject CslName(string name)
    {
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        return comma > 0
            ? new JsonObject { ["family"] = name[..comma].Trim(), ["given"] = name[(comma + 1)..].Trim() }
            : new JsonObject { ["literal"] = name };
    }
}
