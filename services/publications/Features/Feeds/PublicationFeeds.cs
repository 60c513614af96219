using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabatPlatform.Publications.Data;
using RabatPlatform.Publications.Features.Files;
using RabatPlatform.Publications.Features.Publications;

namespace RabatPlatform.Publications.Features.Feeds;

/// <summary>
/// RSS 2.0 and Atom 1.0 feeds of the latest publications, one language each: subscribers' readers get each
/// new report, bulletin or brief with its summary, themes and, as an enclosure, the PDF in that language.
/// </summary>
public static class PublicationFeeds
{
    public const int FeedSize = 50;

    public const string RssContentType = "application/rss+xml; charset=utf-8";
    public const string AtomContentType = "application/atom+xml; charset=utf-8";

    public static RouteGroupBuilder MapPublicationFeeds(this RouteGroupBuilder api)
    {
        api.MapGet("/feeds/publications.{lang}.rss", (HttpContext http, PublicationsDbContext db, IOptions<PublicationsOptions> options, string lang, CancellationToken ct) =>
            FeedAsync(http, db, options.Value, lang, atom: false, ct)).WithTags("Feeds").Produces(200, contentType: "application/rss+xml");
        api.MapGet("/feeds/publications.{lang}.atom", (HttpContext http, PublicationsDbContext db, IOptions<PublicationsOptions> options, string lang, CancellationToken ct) =>
            FeedAsync(http, db, options.Value, lang, atom: true, ct)).WithTags("Feeds").Produces(200, contentType: "application/atom+xml");
        return api;
    }

    /// <summary>A publication's page on the website: <c>{PublicBaseUrl}/{lang}/publications/{slug}</c>.</summary>
    public static string PublicUrl(PublicationsOptions options, string language, string slug) =>
        $"{options.PublicBaseUrl}/{language}/publications/{slug}";

    internal static async Task<Results<FileContentHttpResult, ValidationProblem>> FeedAsync(
        HttpContext http, PublicationsDbContext db, PublicationsOptions options, string lang, bool atom, CancellationToken cancellationToken)
    {
        if (!Languages.IsSupported(lang))
        {
            return new ValidationErrors(RequestLanguage.Resolve(http))
                .Add("lang", "La langue du flux doit être « fr » ou « en ».", "The feed's language must be 'fr' or 'en'.")
                .ToProblem();
        }

        // Published publications with a version in this language, newest first.
        var publications = await db.Set<Publication>().AsNoTracking()
            .Where(p => p.Status == PublicationStatus.Published && p.Translations.Any(t => t.Language == lang))
            .OrderByDescending(p => p.PublishedOn).ThenByDescending(p => p.PublishedAt).ThenBy(p => p.Id)
            .Take(FeedSize)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);

        var english = lang == Languages.English;
        var updated = publications.Count == 0 ? DateTimeOffset.UnixEpoch : publications.Max(p => p.UpdatedAt);
        var feed = new SyndicationFeed(
            english ? "Rabat Process — Publications" : "Processus de Rabat — Publications",
            english
                ? "Reports, studies, bulletins and briefs of the Euro-African Dialogue on Migration and Development (Rabat Process)."
                : "Rapports, études, bulletins et notes du Dialogue euro-africain sur la migration et le développement (Processus de Rabat).",
            new Uri($"{options.PublicBaseUrl}/{lang}/publications"),
            $"{options.PublicBaseUrl}/api/publications/feeds/publications.{lang}",
            updated)
        {
            Language = lang,
        };
        feed.Authors.Add(new SyndicationPerson(null, english ? "Rabat Process Secretariat" : "Secrétariat du Processus de Rabat", options.PublicBaseUrl));
        feed.Links.Add(SyndicationLink.CreateSelfLink(
            new Uri($"{options.PublicBaseUrl}/api/publications/feeds/publications.{lang}.{(atom ? "atom" : "rss")}"),
            atom ? "application/atom+xml" : "application/rss+xml"));
        feed.Items = publications.Select(p =>
        {
            var t = p.Translation(lang)!;
            var published = new DateTimeOffset(p.PublishedOn.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            var item = new SyndicationItem(t.Title, t.Summary ?? t.Title, new Uri(PublicUrl(options, lang, t.Slug)), $"urn:uuid:{p.Id}", p.UpdatedAt)
            {
                PublishDate = published,
            };
            item.Categories.Add(new SyndicationCategory(p.Type));
            foreach (var theme in p.Themes.Concat(p.GcmObjectives.Select(n => $"gcm-{n}")))
            {
                item.Categories.Add(new SyndicationCategory(theme));
            }

            if (p.LatestFile(lang) is { } file)
            {
                item.Links.Add(SyndicationLink.CreateMediaEnclosureLink(
                    new Uri($"{options.PublicBaseUrl}{PublicationFile.LatestUrl(t.Slug, lang)}"), file.ContentType, file.Size));
            }

            return item;
        }).ToList();

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            SyndicationFeedFormatter formatter = atom ? new Atom10FeedFormatter(feed) : new Rss20FeedFormatter(feed);
            formatter.WriteTo(writer);
        }

        return TypedResults.File(stream.ToArray(), atom ? AtomContentType : RssContentType);
    }
}
