using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using RabatPlatform.Contracts;
using RabatPlatform.Publications.Features.Publications;

namespace RabatPlatform.Publications.Features.Feeds;

/// <summary>
/// RSS 2.0 and Atom 1.0 feeds of the latest publications, one language each: subscribers' readers get each
/// new report, bulletin or brief with its summary, themes and, as an enclosure, the PDF in that language.
/// </summary>
internal static class FeedsViews
{
    public const string RssContentType = "application/rss+xml; charset=utf-8";
    public const string AtomContentType = "application/atom+xml; charset=utf-8";

    /// <summary>A publication's page on the website: <c>{PublicBaseUrl}/{lang}/publications/{slug}</c>.</summary>
    public static string PublicUrl(PublicationsOptions options, string language, string slug) =>
        $"{options.PublicBaseUrl}/{language}/publications/{slug}";

    /// <summary>The feed document (UTF-8 without BOM, not indented).</summary>
    public static byte[] Feed(IReadOnlyList<Publication> publications, PublicationsOptions options, string lang, bool atom)
    {
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
            foreach (var theme in p.Themes.Concat(p.GcmObjectives.Select(GcmTags.Tag)))
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

        return stream.ToArray();
    }
}
