using System.Net;
using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Search.Data;

namespace RabatPlatform.Search.Features.Indexing;

public static class IndexingRegistration
{
    public static IBusRegistrationConfigurator AddIndexingConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumers(typeof(IndexingRegistration).Assembly);
        return bus;
    }
}

/// <summary>One public item as the index needs it, whatever event brought it.</summary>
public sealed record IndexEntry(
    string ItemType,
    Guid ItemId,
    IReadOnlyDictionary<string, TranslatedText> Translations,
    DateTimeOffset Date,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> Countries,
    DateTimeOffset SourceTime);

/// <summary>Writes an item's documents (one per language, with fallback) and its title words into the index.</summary>
public static partial class SearchIndexer
{
    public static async Task UpsertAsync(SearchDbContext db, IndexEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await db.Documents
            .Where(d => d.ItemType == entry.ItemType && d.ItemId == entry.ItemId)
            .ToListAsync(cancellationToken);
        if (existing.Any(d => d.SourceTime > entry.SourceTime))
        {
            return; // A newer event already wrote this item.
        }

        foreach (var language in Languages.All)
        {
            var textLanguage = entry.Translations.ContainsKey(language) ? language : Languages.Other(language);
            if (!entry.Translations.TryGetValue(textLanguage, out var text))
            {
                continue;
            }

            var document = existing.FirstOrDefault(d => d.Language == language);
            if (document is null)
            {
                document = new SearchDocument
                {
                    ItemType = entry.ItemType,
                    ItemId = entry.ItemId,
                    Language = language,
                    TextLanguage = textLanguage,
                    Slug = text.Slug,
                    Title = text.Title,
                };
                db.Documents.Add(document);
            }

            document.TextLanguage = textLanguage;
            document.Fallback = textLanguage != language;
            document.Slug = text.Slug;
            document.Title = text.Title;
            document.Summary = text.Summary;
            document.Body = StripHtml(text.Body);
            document.Themes = entry.Themes.Distinct().ToList();
            document.Countries = entry.Countries.Select(c => c.ToUpperInvariant()).Distinct().ToList();
            document.Date = entry.Date;
            document.SourceTime = entry.SourceTime;
            document.RefreshedAt = now;
        }

        foreach (var (language, text) in entry.Translations)
        {
            await AddTermsAsync(db, language, text.Title, cancellationToken);
        }
    }

    public static Task RemoveAsync(SearchDbContext db, string itemType, Guid itemId, CancellationToken cancellationToken) =>
        db.Documents.Where(d => d.ItemType == itemType && d.ItemId == itemId).ExecuteDeleteAsync(cancellationToken);

    /// <summary>Adds a title's words (unaccented, lower-case, 3+ letters) to the "did you mean" lexicon.</summary>
    private static async Task AddTermsAsync(SearchDbContext db, string language, string title, CancellationToken cancellationToken)
    {
        var words = Words().Matches(Elisions.Strip(title)).Select(m => m.Value).Where(w => w.Length is >= 3 and <= 100).Distinct().ToArray();
        if (words.Length == 0)
        {
            return;
        }

        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO search_terms (language, term)
            SELECT DISTINCT {language}, lower(unaccent(w)) FROM unnest({words}) AS w
            ON CONFLICT DO NOTHING
            """, cancellationToken);
    }

    internal static string? StripHtml(string? html) =>
        html is null ? null : WebUtility.HtmlDecode(Whitespace().Replace(HtmlTags().Replace(html, " "), " ").Trim());

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex HtmlTags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Words();
}
