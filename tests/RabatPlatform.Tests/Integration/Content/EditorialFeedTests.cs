using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.EditorialTestApi;

namespace RabatPlatform.Tests.Integration.Content;

/// <summary>RSS 2.0 and Atom 1.0 news feeds, one language each, and the sitemap with hreflang alternates.</summary>
[Collection(ContentCollection.Name)]
public sealed class EditorialFeedTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task News_feeds_are_valid_rss_and_atom_in_one_language()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var both = await CreateAsync(secretariat, "news", Body("Réunion à Dakar", "Meeting in Dakar", ["gcm-11"]));
        var frOnly = await CreateAsync(secretariat, "news", Body("Atelier à Rabat", null));
        var draft = await CreateAsync(secretariat, "news", Body("Brouillon", "Draft"));
        await PublishAsync(secretariat, "news", both.Id());
        await PublishAsync(secretariat, "news", frOnly.Id());

        // RSS 2.0
        var rss = await platform.Client.GetAsync("/api/content/feeds/news.fr.rss");
        Assert.Equal(HttpStatusCode.OK, rss.StatusCode);
        Assert.Equal("application/rss+xml", rss.Content.Headers.ContentType?.MediaType);
        var rssText = await rss.Content.ReadAsStringAsync();
        var channel = XDocument.Parse(rssText).Root!;
        Assert.Equal("rss", channel.Name.LocalName);
        Assert.Equal("2.0", channel.Attribute("version")?.Value);
        var rssChannel = channel.Element("channel")!;
        Assert.False(string.IsNullOrEmpty(rssChannel.Element("title")?.Value));
        Assert.Equal("https://www.rabat-process.org/fr/news", rssChannel.Element("link")?.Value);
        Assert.False(string.IsNullOrEmpty(rssChannel.Element("description")?.Value));
        Assert.Equal("https://www.rabat-process.org/api/content/feeds/news.fr.rss",
            rssChannel.Elements(Atom + "link").Single(l => l.Attribute("rel")?.Value == "self").Attribute("href")?.Value);
        Assert.Equal("fr", rssChannel.Element("language")?.Value);
        Assert.All(rssChannel.Elements("item"), i =>
        {
            Assert.False(string.IsNullOrEmpty(i.Element("title")?.Value));
            Assert.StartsWith("https://www.rabat-process.org/fr/news/", i.Element("link")?.Value);
        });
        var frFeed = Load(rssText);
        Assert.Equal(2, frFeed.Items.Count());
        Assert.Equal(["Atelier à Rabat", "Réunion à Dakar"], frFeed.Items.Select(i => i.Title.Text));
        Assert.DoesNotContain(frFeed.Items, i => i.Title.Text == "Brouillon");

        var enFeed = Load(await (await platform.Client.GetAsync("/api/content/feeds/news.en.rss")).Content.ReadAsStringAsync());
        Assert.Equal(["Meeting in Dakar"], enFeed.Items.Select(i => i.Title.Text));
        Assert.Equal("en", enFeed.Language);

        // Atom 1.0
        var atom = await platform.Client.GetAsync("/api/content/feeds/news.en.atom");
        Assert.Equal(HttpStatusCode.OK, atom.StatusCode);
        Assert.Equal("application/atom+xml", atom.Content.Headers.ContentType?.MediaType);
        var atomText = await atom.Content.ReadAsStringAsync();
        var root = XDocument.Parse(atomText).Root!;
        Assert.Equal(Atom + "feed", root.Name);
        Assert.False(string.IsNullOrEmpty(root.Element(Atom + "id")?.Value));
        Assert.False(string.IsNullOrEmpty(root.Element(Atom + "title")?.Value));
        Assert.True(DateTimeOffset.TryParse(root.Element(Atom + "updated")?.Value, out _));
        Assert.False(string.IsNullOrEmpty(root.Element(Atom + "author")?.Element(Atom + "name")?.Value));
        Assert.Contains(root.Elements(Atom + "link"), l => l.Attribute("rel")?.Value == "self");
        var entry = Assert.Single(root.Elements(Atom + "entry"));
        Assert.Equal($"urn:uuid:{both.Id()}", entry.Element(Atom + "id")?.Value);
        Assert.True(DateTimeOffset.TryParse(entry.Element(Atom + "updated")?.Value, out _));
        Assert.Equal("gcm-11", entry.Element(Atom + "category")?.Attribute("term")?.Value);
        var atomFeed = Load(atomText);
        Assert.Equal("Meeting in Dakar", Assert.Single(atomFeed.Items).Title.Text);
        Assert.NotEmpty(atomFeed.Authors);

        await AssertProblemAsync(await platform.Client.GetAsync("/api/content/feeds/news.de.rss"), HttpStatusCode.BadRequest, "lang");
        await AssertProblemAsync(await platform.Client.GetAsync("/api/content/feeds/news.de.atom"), HttpStatusCode.BadRequest, "lang");
        _ = draft;
    }

    [Fact]
    public async Task The_sitemap_lists_public_versions_with_hreflang_alternates()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var news = await CreateAsync(secretariat, "news", Body("Actualité", "News item"));
        var page = await CreateAsync(secretariat, "pages", Body(null, "English only page"));
        var draft = await CreateAsync(secretariat, "pages", Body("Brouillon", "Draft"));
        await PublishAsync(secretariat, "news", news.Id());
        await PublishAsync(secretariat, "pages", page.Id());

        var response = await platform.Client.GetAsync("/api/content/sitemap.xml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var urlset = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(Sitemap + "urlset", urlset.Name);
        var urls = urlset.Elements(Sitemap + "url").ToDictionary(u => u.Element(Sitemap + "loc")!.Value);
        var newsFr = $"https://www.rabat-process.org/fr/news/{news.Slug("fr")}";
        var newsEn = $"https://www.rabat-process.org/en/news/{news.Slug("en")}";
        var pageEn = $"https://www.rabat-process.org/en/pages/{page.Slug("en")}";
        Assert.Equal(new[] { newsEn, newsFr, pageEn }.Order(), urls.Keys.Order());
        Assert.DoesNotContain(urls.Keys, u => u.Contains(draft.Slug("fr"), StringComparison.Ordinal));

        foreach (var loc in new[] { newsFr, newsEn })
        {
            var alternates = Alternates(urls[loc]);
            Assert.Equal(newsFr, alternates["fr"]);
            Assert.Equal(newsEn, alternates["en"]);
            Assert.Equal(newsFr, alternates["x-default"]);
            Assert.True(DateTimeOffset.TryParse(urls[loc].Element(Sitemap + "lastmod")!.Value, out _));
        }

        var pageAlternates = Alternates(urls[pageEn]);
        Assert.Equal(["en", "x-default"], pageAlternates.Keys.Order());
        Assert.Equal(pageEn, pageAlternates["x-default"]);
    }

    private static Dictionary<string, string> Alternates(XElement url) => url.Elements(Xhtml + "link")
        .Where(l => l.Attribute("rel")?.Value == "alternate")
        .ToDictionary(l => l.Attribute("hreflang")!.Value, l => l.Attribute("href")!.Value);

    private static SyndicationFeed Load(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml));
        var feed = SyndicationFeed.Load(reader);
        Assert.NotNull(feed);
        return feed;
    }
}
