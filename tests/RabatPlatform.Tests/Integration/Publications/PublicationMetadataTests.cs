using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Contracts;
using RabatPlatform.Publications.Data;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.PublicationsTestApi;

namespace RabatPlatform.Tests.Integration.Publications;

[Collection(MeetingsCollection.Name)]
public sealed class PublicationMetadataTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_secretariat_publishes_a_bilingual_report_the_public_finds_and_the_withdrawal_hides()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var slug = TestApi.Unique("lifecycle");
        var meeting = await AnnounceMeetingAsync(platform);
        var id = await CreateAsync(secretariat, Body(slug, relatedMeetingId: meeting));

        // A draft is the Secretariat's only.
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Client.GetAsync($"/api/publications/{slug}-fr")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await secretariat.GetAsync($"/api/publications/{slug}-fr")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Client.SendAsync(Get($"/api/publications/{slug}-fr/files/fr"))).StatusCode);

        // Publishing needs a file.
        var noFile = await secretariat.PostAsync($"/api/publications/{id}/publish", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noFile.StatusCode);
        Assert.Contains("\"files\"", await noFile.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await UploadOkAsync(secretariat, id, Pdf(), "rapport.pdf", "fr");
        await PublishAsync(secretariat, id);
        Assert.Equal(HttpStatusCode.Conflict, (await secretariat.PostAsync($"/api/publications/{id}/publish", null)).StatusCode);

        var en = await (await platform.Client.GetAsync($"/api/publications/{slug}-fr?lang=en")).ReadJsonAsync();
        Assert.Equal($"Report {slug}", en["title"]!.GetValue<string>());
        Assert.False(en["fallback"]!.GetValue<bool>());
        Assert.Equal(meeting, en["relatedMeetingId"]!.GetValue<Guid>());
        Assert.Equal("cadiz-2023.d2", en["frameworks"]![0]!.GetValue<string>());

        var published = await platform.InDbAsync<PublicationsDbContext, string>(platform.Publications.Services,
            async db => (await db.OutboxMessages.Where(m => m.Type == "publication.published").Select(m => m.Payload).ToListAsync())
                .Single(p => p.Contains(id.ToString(), StringComparison.Ordinal)));
        var data = JsonNode.Parse(published)!["publication"]!;
        Assert.Equal($"/api/publications/{slug}-fr/files/fr", data["files"]!["fr"]!["url"]!.GetValue<string>());
        Assert.Equal($"{slug}-en", data["translations"]!["en"]!["slug"]!.GetValue<string>());

        // An update of a published publication is announced.
        var update = await secretariat.PutAsJsonAsync($"/api/publications/{id}", Body(slug, type: "study", relatedMeetingId: meeting));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.True(await platform.InDbAsync<PublicationsDbContext, bool>(platform.Publications.Services,
            async db => (await db.OutboxMessages.Where(m => m.Type == "publication.updated").Select(m => m.Payload).ToListAsync()).Any(p => p.Contains(id.ToString(), StringComparison.Ordinal))));

        var withdraw = await secretariat.PostAsync($"/api/publications/{id}/withdraw", null);
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await secretariat.PostAsync($"/api/publications/{id}/withdraw", null)).StatusCode);
        await TestApi.WaitUntilAsync(
            async () => (await platform.Client.GetAsync($"/api/publications/{slug}-fr")).StatusCode == HttpStatusCode.Gone,
            TimeSpan.FromSeconds(15), "the gateway's cached copy is evicted by publication.withdrawn");
        Assert.Equal(HttpStatusCode.Gone, (await platform.Client.SendAsync(Get($"/api/publications/{slug}-fr/files/fr"))).StatusCode);
        var list = await (await platform.Client.GetAsync("/api/publications?pageSize=100")).ReadJsonAsync();
        Assert.DoesNotContain(id, list.Ids());
    }

    [Fact]
    public async Task The_list_filters_by_type_year_gcm_and_theme()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        async Task<Guid> Published(string type, string date, int[] gcm, string[] themes)
        {
            var id = await CreateAsync(secretariat, Body(TestApi.Unique("list"), type, date, gcm: gcm, themes: themes));
            await UploadOkAsync(secretariat, id, Pdf(), "file.pdf", "fr");
            await PublishAsync(secretariat, id);
            return id;
        }

        var report = await Published("report", "2023-06-01", [11], ["smuggling"]);
        var study = await Published("study", "2021-03-01", [9, 23], ["trafficking"]);
        var guide = await Published("guide", "2023-11-20", [23], ["diaspora", "remittances"]);
        var draft = await CreateAsync(secretariat, Body(TestApi.Unique("list-draft")));

        async Task<Guid[]> Query(string query)
        {
            var response = await platform.Client.GetAsync($"/api/publications?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.ReadJsonAsync()).Ids().ToArray();
        }

        Assert.Equal([guide, report, study], await Query(""));
        Assert.Equal([study], await Query("type=study"));
        Assert.Equal([guide, report], await Query("year=2023"));
        Assert.Equal([guide, study], await Query("gcm=23"));
        Assert.Equal([guide], await Query("theme=remittances"));
        Assert.Equal([report], await Query("year=2023&gcm=11&lang=en"));
        Assert.Equal([guide], await Query("page=1&pageSize=1"));
        Assert.DoesNotContain(draft, await Query("pageSize=100"));

        var drafts = await secretariat.GetAsync("/api/publications?status=draft");
        Assert.Equal([draft], (await drafts.ReadJsonAsync()).Ids());
        Assert.Equal(HttpStatusCode.BadRequest, (await platform.Client.GetAsync("/api/publications?status=draft")).StatusCode);

        foreach (var (query, field) in new[]
                 {
                     ("type=novel", "type"), ("year=1800", "year"), ("gcm=24", "gcm"), ("theme=Not%20A%20Slug", "theme"),
                     ("lang=de", "lang"), ("page=0", "page"), ("pageSize=1000", "pageSize"),
                 })
        {
            var response = await platform.Client.GetAsync($"/api/publications?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bad_metadata_and_an_unknown_related_meeting_are_refused()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var unknownMeeting = await secretariat.PostAsJsonAsync("/api/publications", Body(TestApi.Unique("meeting"), relatedMeetingId: Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.BadRequest, unknownMeeting.StatusCode);
        Assert.Contains("\"relatedMeetingId\"", await unknownMeeting.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var bad = await secretariat.PostAsJsonAsync("/api/publications", new
        {
            type = "novel",
            translations = new Dictionary<string, object> { ["de"] = new { title = "Bericht" }, ["fr"] = new { title = "" } },
            partners = new[] { "morocco" },
            themes = new[] { "Border Management" },
            frameworks = new[] { "cadiz-2099" },
            gcmObjectives = new[] { 0, 24 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.ReadJsonAsync())["errors"]!.AsObject();
        foreach (var field in new[] { "type", "publishedOn", "translations.de", "translations.fr.title", "partners", "themes", "frameworks", "gcmObjectives" })
        {
            Assert.True(errors.ContainsKey(field), field);
        }

        Assert.Equal(0, await platform.InDbAsync<PublicationsDbContext, int>(platform.Publications.Services,
            db => db.Set<RabatPlatform.Publications.Features.Publications.Publication>().CountAsync()));

        var slug = TestApi.Unique("dup");
        await CreateAsync(secretariat, Body(slug));
        Assert.Equal(HttpStatusCode.Conflict, (await secretariat.PostAsJsonAsync("/api/publications", Body(slug))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Client.PostAsJsonAsync("/api/publications", Body(TestApi.Unique("anon")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await secretariat.PostAsync($"/api/publications/{Guid.NewGuid()}/publish", null)).StatusCode);
    }

    [Fact]
    public async Task Citations_export_bibtex_and_csl_json_with_escaping()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var slug = TestApi.Unique("cite");
        var body = new
        {
            type = "report",
            publishedOn = "2023-06-15",
            translations = new Dictionary<string, object>
            {
                ["fr"] = new { title = "Migration & développement : 100% {Rabat} #1_a", summary = "Résumé", slug = $"{slug}-fr" },
                ["en"] = new { title = "Migration & development", slug = $"{slug}-en" },
            },
            authors = new[] { "Dupont, Marie", "Smith and Partners" },
        };
        var id = await CreateAsync(secretariat, body);
        await UploadOkAsync(secretariat, id, Pdf(), "r.pdf", "fr");
        await PublishAsync(secretariat, id);

        var bib = await platform.Client.GetAsync($"/api/publications/{slug}-fr/cite?format=bibtex&lang=fr");
        Assert.Equal(HttpStatusCode.OK, bib.StatusCode);
        Assert.Equal("application/x-bibtex", bib.Content.Headers.ContentType?.MediaType);
        var text = await bib.Content.ReadAsStringAsync();
        Assert.StartsWith("@techreport{", text, StringComparison.Ordinal);
        Assert.Contains(@"title = {{Migration \& développement : 100\% \{Rabat\} \#1\_a}}", text, StringComparison.Ordinal);
        Assert.Contains("author = {Dupont, Marie and {Smith and Partners}}", text, StringComparison.Ordinal);
        Assert.Contains("year = {2023}", text, StringComparison.Ordinal);
        Assert.Contains("language = {french}", text, StringComparison.Ordinal);

        var csl = await platform.Client.GetAsync($"/api/publications/{slug}-en/cite?format=csl-json&lang=en");
        Assert.Equal(HttpStatusCode.OK, csl.StatusCode);
        var item = JsonNode.Parse(await csl.Content.ReadAsStringAsync())!.AsArray()[0]!;
        Assert.Equal("report", item["type"]!.GetValue<string>());
        Assert.Equal("Migration & development", item["title"]!.GetValue<string>());
        Assert.Equal("Dupont", item["author"]![0]!["family"]!.GetValue<string>());
        Assert.Equal("Smith and Partners", item["author"]![1]!["literal"]!.GetValue<string>());
        Assert.Equal(2023, item["issued"]!["date-parts"]![0]![0]!.GetValue<int>());

        foreach (var format in new[] { "ris", "" })
        {
            var unknown = await platform.Client.GetAsync($"/api/publications/{slug}-fr/cite?format={format}");
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Contains("\"format\"", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await platform.Client.GetAsync("/api/publications/nope/cite?format=bibtex")).StatusCode);
    }

    [Fact]
    public async Task A_reindex_request_reannounces_every_published_publication()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var id = await CreateAsync(secretariat, Body(TestApi.Unique("reindex")));
        await UploadOkAsync(secretariat, id, Pdf(), "r.pdf", "fr");
        await PublishAsync(secretariat, id);
        await CreateAsync(secretariat, Body(TestApi.Unique("reindex-draft")));

        var rebuild = Guid.NewGuid();
        await platform.Meetings.Services.GetRequiredService<IBus>().Publish(new SearchReindexRequested(Guid.NewGuid(), DateTimeOffset.UtcNow, rebuild));
        await TestApi.WaitUntilAsync(
            () => platform.InDbAsync<PublicationsDbContext, bool>(platform.Publications.Services,
                async db => (await db.OutboxMessages.Where(m => m.Type == "search.reindex_completed").Select(m => m.Payload).ToListAsync()).Any(p => p.Contains(rebuild.ToString(), StringComparison.Ordinal))),
            TimeSpan.FromSeconds(20), "publications answers the reindex request");
        var reannounced = await platform.InDbAsync<PublicationsDbContext, List<string>>(platform.Publications.Services,
            async db => (await db.OutboxMessages.Where(m => m.Type == "search.item_reannounced").Select(m => m.Payload).ToListAsync())
                .Where(p => p.Contains(rebuild.ToString(), StringComparison.Ordinal)).ToList());
        Assert.Single(reannounced);
        Assert.Contains(id.ToString(), reannounced[0], StringComparison.Ordinal);
    }
}
