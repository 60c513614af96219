using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Contracts;
using RabatPlatform.Publications.Data;
using RabatPlatform.Publications.Features.Meetings;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>Real small files and helpers for the publications tests.</summary>
public static class PublicationsTestApi
{
    public const string Browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

    /// <summary>A tiny valid PDF with <paramref name="text"/> and padding to about <paramref name="size"/> bytes.</summary>
    public static byte[] Pdf(string text = "Rabat", int size = 2048)
    {
        var body = new StringBuilder()
            .Append("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n")
            .Append("2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n")
            .Append("3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >> endobj\n")
            .Append("4 0 obj << /Length 40 >> stream\nBT /F1 12 Tf 10 100 Td (").Append(text).Append(") Tj ET\nendstream endobj\n");
        while (body.Length < size - 20)
        {
            body.Append("% padding padding padding padding\n");
        }

        body.Append("trailer << /Root 1 0 R >>\n%%EOF\n");
        return Encoding.ASCII.GetBytes(body.ToString());
    }

    public static byte[] Docx(string text = "Rabat") => OfficeZip(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "/word/document.xml",
        "word/document.xml",
        $"""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>""");

    public static byte[] Xlsx() => OfficeZip(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "/xl/workbook.xml",
        "xl/workbook.xml",
        """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>""");

    /// <summary>A ZIP that is not an Office document.</summary>
    public static byte[] PlainZip()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("hello");
        }

        return memory.ToArray();
    }

    /// <summary>The start of a Windows executable (what a renamed .exe looks like).</summary>
    public static byte[] Exe() => [.. "MZ"u8, 0x90, 0x00, 0x03, .. new byte[2000]];

    private static byte[] OfficeZip(string mainContentType, string partName, string entry, string xml)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml",
                $"""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="{partName}" ContentType="{mainContentType}"/></Types>""");
            Write(zip, "_rels/.rels",
                $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{partName.TrimStart('/')}"/></Relationships>""");
            Write(zip, entry, xml);
        }

        return memory.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }

    public static object Body(string slug, string type = "report", string? publishedOn = "2023-06-15", Guid? relatedMeetingId = null,
        int[]? gcm = null, string[]? themes = null, string[]? authors = null) => new
    {
        type,
        publishedOn,
        translations = new Dictionary<string, object>
        {
            ["fr"] = new { title = $"Rapport {slug}", summary = "Résumé du rapport", slug = $"{slug}-fr" },
            ["en"] = new { title = $"Report {slug}", summary = "Summary of the report", slug = $"{slug}-en" },
        },
        authors = authors ?? ["Dupont, Marie", "ICMPD"],
        partners = new[] { "MA", "ES", "EU" },
        themes = themes ?? ["smuggling"],
        frameworks = new[] { "cadiz-2023.d2" },
        gcmObjectives = gcm ?? [9, 11],
        relatedMeetingId,
    };

    public static async Task<Guid> CreateAsync(HttpClient secretariat, object body)
    {
        var created = await secretariat.PostAsJsonAsync("/api/publications", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync())["id"]!.GetValue<Guid>();
    }

    public static MultipartFormDataContent Multipart(byte[]? file, string? fileName, string? language)
    {
        var form = new MultipartFormDataContent();
        if (language is not null)
        {
            form.Add(new StringContent(language), "language");
        }

        if (file is not null)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"" };
            if (fileName is not null)
            {
                content.Headers.ContentDisposition.FileNameStar = fileName;
            }

            form.Add(content);
        }

        return form;
    }

    public static Task<HttpResponseMessage> UploadAsync(HttpClient secretariat, Guid id, byte[] file, string fileName, string language) =>
        secretariat.PostAsync($"/api/publications/{id}/files", Multipart(file, fileName, language));

    public static async Task<JsonObject> UploadOkAsync(HttpClient secretariat, Guid id, byte[] file, string fileName, string language)
    {
        var response = await UploadAsync(secretariat, id, file, fileName, language);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public static async Task PublishAsync(HttpClient secretariat, Guid id)
    {
        var response = await secretariat.PostAsync($"/api/publications/{id}/publish", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A GET as a browser would send it (downloads without a user agent count as robots).</summary>
    public static HttpRequestMessage Get(string url, string userAgent = Browser)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return request;
    }

    /// <summary>Every stored object (and any temporary file) in the service's file store.</summary>
    public static string[] StoredFiles(PlatformFixture platform) =>
        Directory.Exists(platform.PublicationsStorage)
            ? Directory.GetFiles(platform.PublicationsStorage, "*", SearchOption.AllDirectories)
            : [];

    /// <summary>Announces a meeting as the meetings service would, and waits until publications has seen it.</summary>
    public static async Task<Guid> AnnounceMeetingAsync(PlatformFixture platform)
    {
        var id = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await platform.Meetings.Services.GetRequiredService<IBus>().Publish(new MeetingAnnounced(Guid.NewGuid(), now, id,
            new MeetingData("thematic-meeting",
                new Dictionary<string, TranslatedText> { ["fr"] = new("Réunion", null, null, $"reunion-{id:N}") },
                new DateOnly(2023, 5, 10), new DateOnly(2023, 5, 11), "Rabat", "MA", "in-person", ["MA"], [], [])));
        await TestApi.WaitUntilAsync(
            () => platform.InDbAsync<PublicationsDbContext, bool>(platform.Publications.Services,
                db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Set<KnownMeeting>(), m => m.Id == id)),
            TimeSpan.FromSeconds(20), "publications has seen the meeting");
        return id;
    }
}
