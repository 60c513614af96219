using System.Net;
using System.Net.Http.Json;
using System.Text;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.EditorialTestApi;

namespace RabatPlatform.Tests.Integration.Content;

/// <summary>Each bad editorial input is a problem details answer naming the field, and writes nothing.</summary>
[Collection(ContentCollection.Name)]
public sealed class EditorialBadInputTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("news")]
    [InlineData("pages")]
    public async Task Unknown_language_empty_title_and_bad_fields_are_named(string kind)
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var body = new
        {
            translations = new Dictionary<string, object?>
            {
                ["de"] = new { title = "Deutsch" },
                ["fr"] = new { title = "  ", format = "rtf" },
                ["en"] = new { title = "Fine", status = "final" },
            },
            tags = new[] { "Border Management", "gcm-24", "gcm-0", "cadiz-2023.x9", "unknown-2020.d1" },
            format = "docx",
        };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/content/{kind}") { Content = JsonContent.Create(body) };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var problem = await AssertProblemAsync(await secretariat.SendAsync(request), HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal(
            ["format", "tags", "translations.de", "translations.en.status", "translations.fr.format", "translations.fr.title"],
            errors.Select(e => e.Key).Order());
        Assert.Equal(5, errors["tags"]!.AsArray().Count);
        Assert.Equal("The title is required.", errors["translations.fr.title"]![0]!.GetValue<string>());

        await AssertProblemAsync(await platform.Client.GetAsync($"/api/content/{kind}?lang=de"), HttpStatusCode.BadRequest, "lang");
        await AssertProblemAsync(await platform.Client.GetAsync($"/api/content/{kind}?tag=Not%20A%20Tag"), HttpStatusCode.BadRequest, "tag");
        await AssertProblemAsync(await secretariat.GetAsync($"/api/content/{kind}?status=deleted"), HttpStatusCode.BadRequest, "status");

        // The shared vocabulary is accepted.
        var good = Body("Étiquettes", null, ["gcm-11", "cadiz-2023.d2", "marrakech-2018.d5.o3", "rabat-2006", "diaspora"]);
        var created = await CreateAsync(secretariat, kind, good);
        Assert.Equal(5, created["tags"]!.AsArray().Count);
        Assert.Equal(1, await CountItemsAsync(platform));
    }

    [Fact]
    public async Task A_duplicate_slug_in_a_language_is_409_and_changes_nothing()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var first = await CreateAsync(secretariat, "pages", Body("Première", "First"));
        var second = await CreateAsync(secretariat, "pages", Body("Seconde", "Second"));

        var taken = new { translations = new { en = new { title = "Copy", slug = first.Slug("en") } } };
        var conflict = await AssertProblemAsync(await secretariat.PostAsJsonAsync("/api/content/pages", taken), HttpStatusCode.Conflict, "translations.en.slug");
        Assert.NotNull(conflict["detail"]);

        var edit = new
        {
            translations = new Dictionary<string, object>
            {
                ["fr"] = new { title = "Seconde modifiée", slug = second.Slug("fr") },
                ["en"] = new { title = "Second edited", slug = first.Slug("en") },
            },
        };
        await AssertProblemAsync(await secretariat.PutAsJsonAsync($"/api/content/pages/{second.Id()}", edit), HttpStatusCode.Conflict, "translations.en.slug");
        var unchanged = await (await secretariat.GetAsync($"/api/content/pages/{second.Id()}")).ReadJsonAsync();
        Assert.Equal("Seconde", unchanged["translations"]!["fr"]!["title"]!.GetValue<string>());
        Assert.Equal(1, unchanged["revision"]!.GetValue<int>());
        Assert.Equal(2, await CountItemsAsync(platform));

        // The same slug in the other language, or in the other kind, is fine.
        var otherLanguage = new { translations = new { fr = new { title = "Copie", slug = first.Slug("en") } } };
        Assert.Equal(HttpStatusCode.Created, (await secretariat.PostAsJsonAsync("/api/content/pages", otherLanguage)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await secretariat.PostAsJsonAsync("/api/content/news", taken)).StatusCode);
    }

    [Fact]
    public async Task Schedules_in_the_past_or_inverted_are_refused()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var now = platform.Clock.GetUtcNow();
        await AssertProblemAsync(
            await secretariat.PostAsJsonAsync("/api/content/news", Body("Passé", "Past", publishAt: now.AddMinutes(-5))),
            HttpStatusCode.BadRequest, "publishAt");
        await AssertProblemAsync(
            await secretariat.PostAsJsonAsync("/api/content/news", Body("Inversé", "Inverted", publishAt: now.AddHours(2), unpublishAt: now.AddHours(1))),
            HttpStatusCode.BadRequest, "unpublishAt");
        Assert.Equal(0, await CountItemsAsync(platform));

        var item = await CreateAsync(secretariat, "news", Body("Brouillon", "Draft"));
        await AssertProblemAsync(
            await secretariat.PostAsJsonAsync($"/api/content/news/{item.Id()}/schedule", new { publishAt = now.AddDays(-1) }),
            HttpStatusCode.BadRequest, "publishAt");
        await AssertProblemAsync(
            await secretariat.PostAsJsonAsync($"/api/content/news/{item.Id()}/schedule", new { }),
            HttpStatusCode.BadRequest, "publishAt");
        await AssertProblemAsync(
            await secretariat.PutAsJsonAsync($"/api/content/news/{item.Id()}", Body("Brouillon", "Draft", publishAt: now.AddSeconds(-1))),
            HttpStatusCode.BadRequest, "publishAt");

        await PublishAsync(secretariat, "news", item.Id());
        await AssertProblemAsync(
            await secretariat.PostAsJsonAsync($"/api/content/news/{item.Id()}/schedule", new { publishAt = now.AddDays(1) }),
            HttpStatusCode.Conflict);
        var admin = await (await secretariat.GetAsync($"/api/content/news/{item.Id()}")).ReadJsonAsync();
        Assert.Equal("published", admin["status"]!.GetValue<string>());
        Assert.Equal(2, admin["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task Oversize_bodies_are_refused_naming_the_field()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var big = new { translations = new { fr = new { title = "Trop long", body = new string('x', 200_001) } } };
        var problem = await AssertProblemAsync(await secretariat.PostAsJsonAsync("/api/content/pages", big), HttpStatusCode.BadRequest, "translations.fr.body");
        Assert.Contains("200000", problem["errors"]!["translations.fr.body"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        // Over the gateway's 1 MB limit: 413 before the service sees it.
        var huge = new { translations = new { fr = new { title = "Énorme", body = new string('x', 1_200_000) } } };
        await AssertProblemAsync(await secretariat.PostAsJsonAsync("/api/content/news", huge), HttpStatusCode.RequestEntityTooLarge);

        // Exactly at the limit is fine.
        var limit = new { translations = new { fr = new { title = "À la limite", body = new string('x', 200_000) } } };
        Assert.Equal(HttpStatusCode.Created, (await secretariat.PostAsJsonAsync("/api/content/pages", limit)).StatusCode);
        Assert.Equal(1, await CountItemsAsync(platform));
    }

    [Theory]
    [InlineData("{\"translations\": {\"fr\": {\"title\": 5}}}", "translations.fr.title")]
    [InlineData("{\"translations\": {\"fr\": {\"title\": \"Titre\"}}, \"publishAt\": \"tomorrow\"}", "publishAt")]
    [InlineData("{\"translations\": {\"fr\": {\"title\": \"Titre\"}}, \"tags\": \"gcm-1\"}", "tags")]
    [InlineData("{\"translations\": {", "translations")]
    [InlineData("[1, 2, 3]", "body")]
    [InlineData("", "body")]
    public async Task Malformed_json_is_400_naming_where_it_broke(string json, string field)
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var response = await secretariat.PostAsync("/api/content/pages", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().Any(e => e.Key == field || e.Key.StartsWith(field, StringComparison.Ordinal)),
            $"expected an error on {field}: {problem.ToJsonString()}");
        await AssertProblemAsync(
            await secretariat.PostAsync("/api/content/pages", new StringContent("title=x", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, await CountItemsAsync(platform));
    }

    [Fact]
    public async Task Unknown_items_and_wrong_states_are_problems()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var missing = Guid.NewGuid();
        await AssertProblemAsync(await secretariat.PutAsJsonAsync($"/api/content/pages/{missing}", Body("X", null)), HttpStatusCode.NotFound);
        await AssertProblemAsync(await secretariat.PostAsync($"/api/content/pages/{missing}/publish", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await secretariat.PostAsync($"/api/content/pages/{missing}/preview-token", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await secretariat.GetAsync($"/api/content/pages/{missing}/revisions"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await platform.Client.GetAsync("/api/content/pages/no-such-page"), HttpStatusCode.NotFound);

        // A page whose only version is a draft cannot be published.
        var unfinished = new { translations = new { fr = new { title = "Inachevée", status = "draft" } } };
        var item = await CreateAsync(secretariat, "pages", unfinished);
        await AssertProblemAsync(await secretariat.PostAsync($"/api/content/pages/{item.Id()}/publish", null), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await secretariat.PostAsync($"/api/content/pages/{item.Id()}/archive", null)).StatusCode);
        await AssertProblemAsync(await secretariat.PostAsync($"/api/content/pages/{item.Id()}/archive", null), HttpStatusCode.Conflict);
        await AssertProblemAsync(await secretariat.PostAsync($"/api/content/pages/{item.Id()}/unpublish", null), HttpStatusCode.Conflict);
    }
}
