using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>The documents of the feeds: RSS 2.0 and Atom 1.0 news feeds (one language each) and the sitemap.</summary>
public static class EditorialFeedViews
{
    private const string SitemapNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string XhtmlNamespace = "http://www.w3.org/1999/xhtml";

    /// <summary>The public address of an item's version on the website: <c>{base}/{lang}/news/{slug}</c>, <c>{base}/{lang}/pages/{slug}</c>.</summary>
    public static string PublicUrl(EditorialOptions options, EditorialKind kind, string language, string slug) =>
        $"{options.BaseUrl}/{language}/{EditorialWorkflow.Segment(kind)}/{slug}";

    /// <summary>The RSS 2.0 or Atom 1.0 document of a feed, in its language.</summary>
    public static byte[] Feed(List<EditorialItem> items, EditorialOptions options, string lang, bool atom)
    {
        var english = lang == Languages.English;
        var home = new Uri($"{options.BaseUrl}/{lang}/news");
        var self = new Uri($"{options.BaseUrl}/api/content/feeds/news.{lang}.{(atom ? "atom" : "rss")}");
        var updated = items.Count == 0 ? DateTimeOffset.UnixEpoch : items.Max(n => n.UpdatedAt);
        var feed = new SyndicationFeed(
            english ? "Rabat Process — News" : "Processus de Rabat — Actualités",
            english
                ? "News of the Euro-African Dialogue on Migration and Development (Rabat Process)."
                : "Actualités du Dialogue euro-africain sur la migration et le développement (Processus de Rabat).",
            home,
            $"{options.BaseUrl}/api/content/feeds/news.{lang}",
            updated)
        {
            Language = lang,
        };
        feed.Authors.Add(new SyndicationPerson(null, english ? "Rabat Process Secretariat" : "Secrétariat du Processus de Rabat", options.BaseUrl));
        feed.Links.Add(SyndicationLink.CreateSelfLink(self, atom ? "application/atom+xml" : "application/rss+xml"));
        feed.Items = items.Select(n =>
        {
            var t = n.Translation(lang)!;
            var link = new Uri(PublicUrl(options, EditorialKind.News, lang, t.Slug));
            var item = new SyndicationItem(t.Title, t.Body is null ? null : SyndicationContent.CreateHtmlContent(t.Body), link, $"urn:uuid:{n.Id}", n.UpdatedAt)
            {
                PublishDate = n.PublishedAt ?? n.UpdatedAt,
                Summary = new TextSyndicationContent(t.Summary ?? t.Title),
            };
            foreach (var tag in n.Tags)
            {
                item.Categories.Add(new SyndicationCategory(tag));
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

    public static byte[] Sitemap(List<EditorialItem> items, EditorialOptions options)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("urlset", SitemapNamespace);
            writer.WriteAttributeString("xmlns", "xhtml", null, XhtmlNamespace);
            foreach (var item in items)
            {
                var versions = item.ReadyTranslations.ToList();
                var fallback = versions.FirstOrDefault(v => v.Language == Languages.Default) ?? versions[0];
                foreach (var version in versions)
                {
                    writer.WriteStartElement("url", SitemapNamespace);
                    writer.WriteElementString("loc", SitemapNamespace, PublicUrl(options, item.Kind, version.Language, version.Slug));
                    writer.WriteElementString("lastmod", SitemapNamespace, item.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    foreach (var alternate in versions)
                    {
                        WriteAlternate(writer, alternate.Language, PublicUrl(options, item.Kind, alternate.Language, alternate.Slug));
                    }

                    WriteAlternate(writer, "x-default", PublicUrl(options, item.Kind, fallback.Language, fallback.Slug));
                    writer.WriteEndElement();
                }
            }

            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return stream.ToArray();
    }

    private static void WriteAlternate(XmlWriter writer, string hreflang, string href)
    {
        writer.WriteStartElement("xhtml", "link", XhtmlNamespace);
        writer.WriteAttributeString("rel", "alternate");
        writer.WriteAttributeString("hreflang", hreflang);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }
}
