using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Publications.Data;
using RabatPlatform.Publications.Features.Publications;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.PublicationsTestApi;

namespace RabatPlatform.Tests.Integration.Publications;

[Collection(MeetingsCollection.Name)]
public sealed class PublicationFilesTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Uploads_make_versions_with_a_latest_link_and_a_link_per_version()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var slug = TestApi.Unique("versions");
        var id = await CreateAsync(secretariat, Body(slug));
        var v1 = Pdf("version one");
        var v2 = Pdf("version two", 4096);
        var docx = Docx();

        var first = await UploadOkAsync(secretariat, id, v1, "rapport.pdf", "fr");
        Assert.Equal(1, first["version"]!.GetValue<int>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(v1)), first["sha256"]!.GetValue<string>());
        Assert.Equal("application/pdf", first["contentType"]!.GetValue<string>());
        var second = await UploadOkAsync(secretariat, id, v2, "rapport-v2.pdf", "fr");
        Assert.Equal(2, second["version"]!.GetValue<int>());
        var english = await UploadOkAsync(secretariat, id, docx, "report.docx", "en");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", english["contentType"]!.GetValue<string>());
        var xlsx = await UploadOkAsync(secretariat, id, Xlsx(), "annex.xlsx", "en");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx["contentType"]!.GetValue<string>());
        await PublishAsync(secretariat, id);

        var detail = await (await platform.Client.GetAsync($"/api/publications/{slug}-en?lang=en")).ReadJsonAsync();
        var fr = detail["files"]!["fr"]!;
        Assert.Equal($"/api/publications/{slug}-fr/files/fr", fr["url"]!.GetValue<string>());
        Assert.Equal(2, fr["latest"]!["version"]!.GetValue<int>());
        Assert.Equal(2, fr["versions"]!.AsArray().Count);
        Assert.Equal($"/api/publications/{slug}-fr/files/fr/v/1", fr["versions"]![1]!["url"]!.GetValue<string>());
        Assert.Equal(2, detail["files"]!["en"]!["versions"]!.AsArray().Count);

        Assert.Equal(v2, await (await platform.Client.SendAsync(Get($"/api/publications/{slug}-fr/files/fr"))).Content.ReadAsByteArrayAsync());
        Assert.Equal(v1, await (await platform.Client.SendAsync(Get($"/api/publications/{slug}-fr/files/fr/v/1"))).Content.ReadAsByteArrayAsync());
        // Either language's slug finds the publication.
        Assert.Equal(v2, await (await platform.Client.SendAsync(Get($"/api/publications/{slug}-en/files/fr/v/2"))).Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Client.SendAsync(Get($"/api/publications/{slug}-fr/files/fr/v/3"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await platform.Client.SendAsync(Get($"/api/publications/{slug}-fr/files/de"))).StatusCode);

        // The original names never reach the file system.
        Assert.DoesNotContain(StoredFiles(platform), f => f.Contains("rapport", StringComparison.Ordinal) || f.EndsWith(".pdf", StringComparison.Ordinal));
        Assert.Equal(4, await platform.InDbAsync<PublicationsDbContext, int>(platform.Publications.Services,
            db => db.Set<PublicationFile>().CountAsync(f => f.PublicationId == id)));

        // A file added to a published publication is announced.
        await UploadOkAsync(secretariat, id, Pdf("three"), "rapport-v3.pdf", "fr");
        Assert.True(await platform.InDbAsync<PublicationsDbContext, bool>(platform.Publications.Services,
            async db => (await db.OutboxMessages.Where(m => m.Type == "publication.file_added").Select(m => m.Payload).ToListAsync()).Any(p => p.Contains(id.ToString(), StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Bad_uploads_are_refused_with_problem_details_and_leave_no_file()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var id = await CreateAsync(secretariat, Body(TestApi.Unique("bad-upload")));
        var before = StoredFiles(platform);

        async Task Expect(HttpStatusCode status, string? field, HttpContent content)
        {
            var response = await secretariat.PostAsync($"/api/publications/{id}/files", content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            if (field is not null)
            {
                Assert.Contains($"\"{field}\"", text, StringComparison.Ordinal);
            }
        }

        await Expect(HttpStatusCode.BadRequest, "file", Multipart([], "empty.pdf", "fr"));
        var oversize = Pdf("big", (int)PlatformFixture.PublicationsMaxUploadBytes + 10_000);
        await Expect(HttpStatusCode.RequestEntityTooLarge, "file", Multipart(oversize, "big.pdf", "fr"));
        await Expect(HttpStatusCode.UnsupportedMediaType, "file", Multipart(Exe(), "report.pdf", "fr"));
        await Expect(HttpStatusCode.UnsupportedMediaType, "file", Multipart("just some text"u8.ToArray(), "notes.pdf", "fr"));
        await Expect(HttpStatusCode.UnsupportedMediaType, "file", Multipart(PlainZip(), "report.docx", "fr"));
        await Expect(HttpStatusCode.BadRequest, "file.fileName", Multipart(Pdf(), "../../etc/passwd.pdf", "fr"));
        await Expect(HttpStatusCode.BadRequest, "file.fileName", Multipart(Pdf(), "dir\\report.pdf", "fr"));
        await Expect(HttpStatusCode.BadRequest, "file.fileName", Multipart(Pdf(), "report\u0001.pdf", "fr"));
        await Expect(HttpStatusCode.BadRequest, "file.fileName", Multipart(Pdf(), new string('a', 300) + ".pdf", "fr"));
        await Expect(HttpStatusCode.BadRequest, "language", Multipart(Pdf(), "report.pdf", "de"));
        await Expect(HttpStatusCode.BadRequest, "language", Multipart(Pdf(), "report.pdf", null));
        await Expect(HttpStatusCode.BadRequest, "file", Multipart(null, null, "fr"));
        await Expect(HttpStatusCode.UnsupportedMediaType, null, new ByteArrayContent(Pdf()) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } });

        var unknown = await secretariat.PostAsync($"/api/publications/{Guid.NewGuid()}/files", Multipart(Pdf(), "report.pdf", "fr"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var anonymous = await platform.Client.PostAsync($"/api/publications/{id}/files", Multipart(Pdf(), "report.pdf", "fr"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        Assert.Equal(before, StoredFiles(platform));
        Assert.Equal(0, await platform.InDbAsync<PublicationsDbContext, int>(platform.Publications.Services,
            db => db.Set<PublicationFile>().CountAsync(f => f.PublicationId == id)));

        // The same file with a clean name and language is accepted (the refusals were about the input).
        await UploadOkAsync(secretariat, id, Pdf(), "Rapport été 2023.pdf", "fr");
        Assert.Single(StoredFiles(platform).Except(before));
    }
}
