using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Search.Data;

namespace RabatPlatform.Search.Features.Indexing;

/// <summary>Writes an item's documents (one per language, with fallback) and its title words into the index.</summary>
public static partial class SearchIndexer
{
    /// <summary>
    /// Writes <paramref name="entry"/> as of <paramref name="sourceTime"/> (when its event happened) unless a
    /// newer event wrote it already, then tells cached readers (<see cref="Announce"/>).
    /// </summary>
    public static async Task UpsertAsync(
        SearchDbContext db, SearchItem entry, DateTimeOffset sourceTime, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await db.Documents
            .Where(d => d.ItemType == entry.ItemType && d.ItemId == entry.ItemId)
            .ToListAsync(cancellationToken);
        if (existing.Any(d => d.SourceTime > sourceTime))
        {
            Announce(db, entry.ItemType, entry.ItemId, now);
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
            document.SourceTime = sourceTime;
            document.RefreshedAt = now;
        }

        await AddTermsAsync(db, entry.Translations.Select(t => (t.Key, t.Value.Title)), cancellationToken);
        Announce(db, entry.ItemType, entry.ItemId, now);
    }

    /// <summary>Takes an item's documents out of the index, then tells cached readers.</summary>
    public static async Task RemoveAsync(SearchDbContext db, string itemType, Guid itemId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.Documents.Where(d => d.ItemType == itemType && d.ItemId == itemId).ExecuteDeleteAsync(cancellationToken);
        Announce(db, itemType, itemId, now);
    }

    /// <summary>Tells cached readers of search results (the gateway) once this change commits (outbox).</summary>
    public static void Announce(SearchDbContext db, string itemType, Guid itemId, DateTimeOffset now) =>
        db.Publish(new SearchIndexUpdated(Guid.CreateVersion7(now), now, itemType, itemId));

    /// <summary>
    /// Adds the titles' words (unaccented, lower-case, 3+ letters) to the "did you mean" lexicon of their languages, in one
    /// statement for every language (one round trip on the way to visible).
    /// </summary>
    private static async Task AddTermsAsync(
        SearchDbContext db, IEnumerable<(string Language, string Title)> titles, CancellationToken cancellationToken)
    {
        var terms = titles
            .SelectMany(t => Words().Matches(Elisions.Strip(t.Title)).Select(m => m.Value).Where(w => w.Length is >= 3 and <= 100)
                .Distinct().Select(w => (t.Language, Word: w)))
            .ToList();
        if (terms.Count == 0)
        {
            return;
        }

        var languages = terms.Select(t => t.Language).ToArray();
        var words = terms.Select(t => t.Word).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO search_terms (language, term)
            SELECT DISTINCT l, lower(unaccent(w)) FROM unnest({languages}, {words}) AS t(l, w)
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
