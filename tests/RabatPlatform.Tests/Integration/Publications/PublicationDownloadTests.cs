using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Publications.Features.Downloads;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.PublicationsTestApi;

namespace RabatPlatform.Tests.Integration.Publications;

[Collection(MeetingsCollection.Name)]
public sealed class PublicationDownloadTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(string Slug, byte[] Bytes, string Sha)> PublishedPdfAsync(string fileName = "Étude sur la migration – Rabat.pdf")
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var slug = TestApi.Unique("download");
        var id = await CreateAsync(secretariat, Body(slug));
        var bytes = Pdf("download", 10_000);
        var file = await UploadOkAsync(secretariat, id, bytes, fileName, "fr");
        await PublishAsync(secretariat, id);
        return ($"{slug}-fr", bytes, file["sha256"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_browser_download_through_the_gateway_resumes_with_ranges_and_revalidates_with_the_etag()
    {
        var (slug, bytes, sha) = await PublishedPdfAsync();
        var url = $"/api/publications/{slug}/files/fr";

        var full = await platform.Client.SendAsync(Get(url));
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(bytes, await full.Content.ReadAsByteArrayAsync());
        Assert.Equal(bytes.Length, full.Content.Headers.ContentLength);
        Assert.Equal("application/pdf", full.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{sha}\"", full.Headers.ETag?.Tag);
        Assert.Contains("bytes", full.Headers.AcceptRanges);
        Assert.True(full.Headers.CacheControl?.NoCache);
        var disposition = full.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("Étude sur la migration – Rabat.pdf", disposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''%C3%89tude", string.Join(";", full.Content.Headers.GetValues("Content-Disposition")), StringComparison.OrdinalIgnoreCase);

        // Resume: the rest of the file from byte 1000.
        var resume = Get(url);
        resume.Headers.Range = new RangeHeaderValue(1000, null);
        var partial = await platform.Client.SendAsync(resume);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(bytes[1000..], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal(bytes.Length - 1000, partial.Content.Headers.ContentLength);
        Assert.Equal(1000, partial.Content.Headers.ContentRange!.From);
        Assert.Equal(bytes.Length, partial.Content.Headers.ContentRange.Length);

        var middle = Get(url);
        middle.Headers.Range = new RangeHeaderValue(10, 19);
        var slice = await platform.Client.SendAsync(middle);
        Assert.Equal(HttpStatusCode.PartialContent, slice.StatusCode);
        Assert.Equal(bytes[10..20], await slice.Content.ReadAsByteArrayAsync());

        var pastTheEnd = Get(url);
        pastTheEnd.Headers.Range = new RangeHeaderValue(bytes.Length + 10, null);
        var unsatisfiable = await platform.Client.SendAsync(pastTheEnd);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
        Assert.Equal(bytes.Length, unsatisfiable.Content.Headers.ContentRange?.Length);

        var revalidate = Get(url);
        revalidate.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{sha}\""));
        var notModified = await platform.Client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        var stale = Get(url);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000\""));
        Assert.Equal(HttpStatusCode.OK, (await platform.Client.SendAsync(stale)).StatusCode);

        // A version link never changes: it may be cached for a long time.
        var version = await platform.Client.SendAsync(Get($"/api/publications/{slug}/files/fr/v/1"));
        Assert.True(version.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromDays(365), version.Headers.CacheControl?.MaxAge);

        // HEAD: the headers without the body.
        var head = await platform.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(bytes.Length, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Downloads_are_counted_honestly_and_written_in_batches()
    {
        var (slug, _, _) = await PublishedPdfAsync("report.pdf");
        var url = $"/api/publications/{slug}/files/fr";
        var counter = platform.Publications.Services.GetRequiredService<DownloadCounter>();
        await counter.FlushAsync(default); // whatever earlier tests left pending

        async Task Download(string userAgent, RangeHeaderValue? range = null)
        {
            var request = Get(url, userAgent);
            request.Headers.Range = range;
            var response = await platform.Client.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode);
            await response.Content.ReadAsByteArrayAsync();
        }

        await Download(Browser); // counted
        await Download(Browser); // same client within 30 s: not counted
        await Download(Browser, new RangeHeaderValue(500, null)); // resuming the same download: not counted
        await Download("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
        await Download("curl/8.5.0");
        await Download("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15"); // another client: counted
        platform.Clock.Advance(TimeSpan.FromSeconds(31));
        await Download(Browser); // the first client again, after the window: counted
        await Download(Browser);

        // Nothing is written per download: the counts wait in memory for the next batch.
        var stats = await (await platform.Client.GetAsync($"/api/publications/{slug}/stats")).ReadJsonAsync();
        Assert.Equal(0, stats["downloads"]!.GetValue<long>());
        Assert.Equal(3, counter.Pending);

        Assert.Equal(1, await counter.FlushAsync(default)); // one file in the batch
        stats = await (await platform.Client.GetAsync($"/api/publications/{slug}/stats")).ReadJsonAsync();
        Assert.Equal(3, stats["downloads"]!.GetValue<long>());
        Assert.Equal(3, stats["languages"]!["fr"]!["downloads"]!.GetValue<long>());
        Assert.Equal(1, stats["languages"]!["fr"]!["versions"]![0]!["version"]!.GetValue<int>());
        Assert.Equal(3, stats["languages"]!["fr"]!["versions"]![0]!["downloads"]!.GetValue<long>());
        Assert.Equal(0, counter.Pending);
    }

    [Fact]
    public void Robots_are_recognised_by_their_user_agent()
    {
        Assert.True(DownloadCounter.IsRobot(null));
        Assert.True(DownloadCounter.IsRobot("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"));
        Assert.True(DownloadCounter.IsRobot("python-requests/2.31.0"));
        Assert.True(DownloadCounter.IsRobot("Wget/1.21.4"));
        Assert.False(DownloadCounter.IsRobot(Browser));
        Assert.False(DownloadCounter.IsRobot("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"));
    }
}
