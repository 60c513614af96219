using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.PublicationsTestApi;

namespace RabatPlatform.Tests.Integration.Publications;

/// <summary>The publications' RSS and Atom feeds, per language, read back with System.ServiceModel.Syndication.</summary>
[Collection(MeetingsCollection.Name)]
public sealed class PublicationFeedTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Feeds_list_published_publications_newest_first_with_their_pdf_as_an_enclosure()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var older = TestApi.Unique("feed");
        var olderId = await CreateAsync(secretariat, Body(older, type: "bulletin", publishedOn: "2017-05-23"));
        var pdf = Pdf("feed", 4096);
        await UploadOkAsync(secretariat, olderId, pdf, "bulletin.pdf", "fr");
        await PublishAsync(secretariat, olderId);
        var newer = TestApi.Unique("feed");
        var newerId = await CreateAsync(secretariat, Body(newer, publishedOn: "2023-06-15", gcm: [11]));
        await UploadOkAsync(secretariat, newerId, Pdf("feed"), "report.pdf", "en");
        await PublishAsync(secretariat, newerId);
        await CreateAsync(secretariat, Body(TestApi.Unique("draft"))); // a draft is in no feed

        var rss = await platform.Client.GetAsync("/api/publications/feeds/publications.fr.rss");
        Assert.Equal(HttpStatusCode.OK, rss.StatusCode);
        Assert.Equal("application/rss+xml", rss.Content.Headers.ContentType?.MediaType);
        var french = Load(await rss.Content.ReadAsStringAsync());
        Assert.Equal([$"urn:uuid:{newerId}", $"urn:uuid:{olderId}"], french.Items.Select(i => i.Id));
        var bulletin = french.Items.Last();
        Assert.Equal($"Rapport {older}", bulletin.Title.Text);
        Assert.Equal(new DateTimeOffset(2017, 5, 23, 12, 0, 0, TimeSpan.Zero), bulletin.PublishDate);
        Assert.EndsWith($"/fr/publications/{older}-fr", bulletin.Links.Single(l => l.RelationshipType is null or "alternate").Uri.ToString());
        var enclosure = bulletin.Links.Single(l => l.RelationshipType == "enclosure");
        Assert.EndsWith($"/api/publications/{older}-fr/files/fr", enclosure.Uri.ToString());
        Assert.Equal(pdf.Length, enclosure.Length);
        Assert.Equal("application/pdf", enclosure.MediaType);
        Assert.Contains(bulletin.Categories, c => c.Name == "bulletin");
        Assert.Contains(french.Items.First().Categories, c => c.Name == "gcm-11");
        Assert.DoesNotContain(french.Items.First().Links, l => l.RelationshipType == "enclosure"); // its PDF is English only

        var atom = await platform.Client.GetAsync("/api/publications/feeds/publications.en.atom");
        Assert.Equal("application/atom+xml", atom.Content.Headers.ContentType?.MediaType);
        var english = Load(await atom.Content.ReadAsStringAsync());
        Assert.Equal("en", english.Language);
        Assert.Equal($"Report {newer}", english.Items.First().Title.Text);

        await (await platform.Client.GetAsync("/api/publications/feeds/publications.de.rss")).AssertFieldErrorAsync("lang");
    }

    private static SyndicationFeed Load(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml));
        return SyndicationFeed.Load(reader);
    }
}
