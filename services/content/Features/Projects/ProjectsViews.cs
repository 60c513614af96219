using System.Globalization;
using System.Text.RegularExpressions;
using RabatPlatform.Content.Features.Partners;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Projects;

public sealed record ProjectView(
    Guid Id,
    string Language,
    bool Fallback,
    string Title,
    string? Summary,
    IReadOnlyDictionary<string, TranslatedText> Translations,
    IReadOnlyList<string> Countries,
    int StartYear,
    int? EndYear,
    string? Donor,
    string? Implementer,
    IReadOnlyList<string> Themes)
{
    public static ProjectView From(Project p, string language)
    {
        var texts = p.TranslatedTexts();
        var fallback = !texts.ContainsKey(language);
        var text = fallback ? texts[Languages.Other(language)] : texts[language];
        return new(p.Id, fallback ? Languages.Other(language) : language, fallback, text.Title, text.Summary, texts,
            p.Countries, p.StartYear, p.EndYear, p.Donor, p.Implementer, p.Themes);
    }
}

/// <summary>One problem of an imported file: its line (the header is line 1), the column and a bilingual message.</summary>
public sealed record ImportRowError(int Row, string Field, string Message, IReadOnlyDictionary<string, string> Messages);

public sealed record ImportResult(int Imported, IReadOnlyList<Guid> Ids);
