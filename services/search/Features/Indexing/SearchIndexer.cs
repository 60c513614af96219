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
        bus.AddConsumer<NewsPublishedConsumer>();
        bus.AddConsumer<NewsUpdatedConsumer>();
        bus.AddConsumer<NewsUnpublishedConsumer>();
        return bus;
    }
}

/// <summary>Writes an item's documents (one per language, with fallback) into the index.</summary>
internal static partial class SearchIndexer
{
    public static async Task UpsertAsync(
        SearchDbContext db,
        string itemType,
        Guid itemId,
        IReadOnlyDictionary<string, TranslatedText> translations,
        IReadOnlyList<string> tags,
        DateTimeOffset date,
        DateTimeOffset sourceTime,
        CancellationToken cancellationToken)
    {
        var existing = await db.Documents
            .Where(d => d.ItemType == itemType && d.ItemId == itemId)
            .ToListAsync(cancellationToken);
        if (existing.Any(d => d.SourceTime > sourceTime))
        {
            return; // A newer event already wrote this item.
        }

        foreach (var language in Languages.All)
        {
            var textLanguage = translations.ContainsKey(language) ? language : Languages.Other(language);
            if (!translations.TryGetValue(textLanguage, out var text))
            {
                continue;
            }

            var document = existing.FirstOrDefault(d => d.Language == language);
            if (document is null)
            {
                document = new SearchDocument
                {
                    ItemType = itemType,
                    ItemId = itemId,
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
            document.Tags = tags.ToList();
            document.Date = date;
            document.SourceTime = sourceTime;
        }
    }

    public static Task RemoveAsync(SearchDbContext db, string itemType, Guid itemId, CancellationToken cancellationToken) =>
        db.Documents.Where(d => d.ItemType == itemType && d.ItemId == itemId).ExecuteDeleteAsync(cancellationToken);

    internal static string? StripHtml(string? html) =>
        html is null ? null : WebUtility.HtmlDecode(Whitespace().Replace(Tags().Replace(html, " "), " ").Trim());

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
