using System.Net;
using System.Net.Http.Json;
using System.Text;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration;

/// <summary>Bad input gets a problem details answer naming the field, in the caller's language; never a 500.</summary>
[Collection(PlatformCollection.Name)]
public sealed class BadInputTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Writing_news_needs_a_secretariat_token()
    {
        var anonymous = await platform.Client.PostAsJsonAsync("/api/content/news", TestApi.NewsBody("Titre", "Title"));
        await AssertProblem(anonymous, HttpStatusCode.Unauthorized);

        var partner = await platform.ClientAsAsync("partner", "MA");
        await AssertProblem(await partner.PostAsJsonAsync("/api/content/news", TestApi.NewsBody("Titre", "Title")), HttpStatusCode.Forbidden);

        var forged = new HttpRequestMessage(HttpMethod.Post, "/api/content/news") { Content = JsonContent.Create(TestApi.NewsBody("Titre", "Title")) };
        forged.Headers.Authorization = new("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VjcmV0YXJpYXQifQ.c2lnbmF0dXJl");
        await AssertProblem(await platform.Client.SendAsync(forged), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Malformed_bodies_are_400_or_415()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        await AssertProblem(
            await secretariat.PostAsync("/api/content/news", new StringContent("{\"translations\": {", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);
        await AssertProblem(
            await secretariat.PostAsync("/api/content/news", new StringContent("[1, 2, 3]", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);
        await AssertProblem(
            await secretariat.PostAsync("/api/content/news", new StringContent("title=x", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType);
        await AssertProblem(
            await secretariat.PostAsync("/api/content/news", new StringContent("", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Each_invalid_field_is_named_in_the_callers_language()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/content/news")
        {
            Content = JsonContent.Create(new
            {
                translations = new Dictionary<string, object?>
                {
                    ["fr"] = new { title = "", summary = new string('x', 2001) },
                    ["en"] = new { title = "Valid", slug = "Not A Slug!" },
                    ["de"] = new { title = "Deutsch" },
                },
                tags = new[] { "" },
            }),
        };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var response = await secretariat.SendAsync(request);
        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal(
            ["tags", "translations.de", "translations.en.slug", "translations.fr.summary", "translations.fr.title"],
            errors.Select(e => e.Key).Order().ToArray());
        Assert.Equal("The title is required.", errors["translations.fr.title"]![0]!.GetValue<string>());

        var french = await secretariat.PostAsJsonAsync("/api/content/news?lang=fr", new { translations = new { } });
        var frenchProblem = await AssertProblem(french, HttpStatusCode.BadRequest);
        Assert.Equal("Au moins une version (fr ou en) est requise.", frenchProblem["errors"]!["translations"]![0]!.GetValue<string>());
        Assert.Equal(0, await CountNews());
    }

    [Fact]
    public async Task Conflicts_and_unknown_items()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var body = new { translations = new { fr = new { title = "Même titre", slug = TestApi.Unique("meme") } } };
        Assert.Equal(HttpStatusCode.Created, (await secretariat.PostAsJsonAsync("/api/content/news", body)).StatusCode);
        var duplicate = await AssertProblem(await secretariat.PostAsJsonAsync("/api/content/news", body), HttpStatusCode.Conflict);
        Assert.NotNull(duplicate["errors"]!["translations.fr.slug"]);

        await AssertProblem(await secretariat.PostAsync($"/api/content/news/{Guid.NewGuid()}/publish", null), HttpStatusCode.NotFound);
        await AssertProblem(await secretariat.PostAsync("/api/content/news/not-a-guid/publish", null), HttpStatusCode.NotFound);
        await AssertProblem(await platform.Client.GetAsync("/api/content/news/no-such-slug"), HttpStatusCode.NotFound);
        await AssertProblem(await platform.Client.GetAsync("/api/content/no-such-route"), HttpStatusCode.NotFound);

        var id = await TestApi.CreateAndPublishNewsAsync(secretariat, TestApi.NewsBody(TestApi.Unique("Deux fois"), TestApi.Unique("Twice")));
        await AssertProblem(await secretariat.PostAsync($"/api/content/news/{id}/publish", null), HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("/api/content/news?lang=de", "lang")]
    [InlineData("/api/content/news?pageSize=1000", "pageSize")]
    [InlineData("/api/content/news?page=0", "page")]
    [InlineData("/api/search?lang=fr", "q")]
    [InlineData("/api/search?q=%20&lang=en", "q")]
    [InlineData("/api/search?q=migration&lang=xx", "lang")]
    public async Task Bad_query_parameters_are_named(string url, string field)
    {
        var problem = await AssertProblem(await platform.Client.GetAsync(url), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Every_bad_query_parameter_is_named_at_once()
    {
        var problem = await AssertProblem(await platform.Client.GetAsync("/api/content/news?lang=de&page=0&pageSize=101"), HttpStatusCode.BadRequest);
        Assert.Equal(["lang", "page", "pageSize"], problem["errors"]!.AsObject().Select(e => e.Key).Order().ToArray());
    }

    [Fact]
    public async Task Non_numeric_paging_is_a_400()
    {
        await AssertProblem(await platform.Client.GetAsync("/api/content/news?page=abc"), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("\"unterminated")]
    [InlineData("a & | ! ( ) <-> :* b")]
    [InlineData("'; DROP TABLE search_documents; --")]
    [InlineData("-")]
    [InlineData("l'Afrique « réunion » \\ %")]
    public async Task Hostile_search_text_never_fails(string q)
    {
        var response = await platform.Client.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}&lang=fr");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Overlong_search_text_is_a_400()
    {
        var q = new string('a', 10_000);
        var problem = await AssertProblem(await platform.Client.GetAsync($"/api/search?q={q}"), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["q"]);
    }

    [Theory]
    [InlineData("/api/search?q=a%00b&lang=fr")]
    [InlineData("/api/search/suggest?q=a%00b")]
    [InlineData("/api/search?q=migration&theme=a%00b")]
    public async Task A_nul_character_in_search_text_is_a_400_naming_the_parameter(string url)
    {
        var problem = await AssertProblem(await platform.Client.GetAsync(url), HttpStatusCode.BadRequest);
        Assert.Single(problem["errors"]!.AsObject());
    }

    /// <summary>The shared paging rule's last page (<c>Paging.MaxPage</c>).</summary>
    private const int MaxPage = 100_000;

    [Theory]
    [InlineData("/api/content/news?page=2147483647")]
    [InlineData("/api/content/news?page=2147483647&pageSize=100")]
    [InlineData("/api/search?q=migration&page=2147483647")]
    [InlineData("/api/meetings?page=2147483647")]
    [InlineData("/api/publications?page=2147483647")]
    public async Task A_page_beyond_the_bound_is_a_400_naming_page_in_both_languages(string url)
    {
        var french = await AssertProblem(await platform.Client.GetAsync(url), HttpStatusCode.BadRequest);
        Assert.Equal(["page"], french["errors"]!.AsObject().Select(e => e.Key).ToArray());
        Assert.Equal($"La page va de 1 à {MaxPage}.", french["errors"]!["page"]![0]!.GetValue<string>());
        var english = await AssertProblem(await platform.Client.GetAsync(url + "&lang=en"), HttpStatusCode.BadRequest);
        Assert.Equal($"Pages range from 1 to {MaxPage}.", english["errors"]!["page"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await platform.Client.GetAsync(url.Replace("2147483647", MaxPage.ToString(System.Globalization.CultureInfo.InvariantCulture)))).StatusCode);
    }

    [Theory]
    [InlineData("/hook\u0001x")]
    [InlineData("/hook\nx")]
    [InlineData("/hook\u007fx")]
    [InlineData("/ho\u0000ok")]
    public async Task A_webhook_url_with_a_control_character_is_refused(string path)
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var response = await secretariat.PostAsJsonAsync("/api/subscriptions/webhooks", new
        {
            url = $"http://127.0.0.1:{WebhookReceiver.FirstPort}{path}",
            eventTypes = new[] { "news.published" },
        });
        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(["url"], problem["errors"]!.AsObject().Select(e => e.Key).ToArray());
        Assert.Equal(0, await platform.InDbAsync<RabatPlatform.Subscriptions.Data.SubscriptionsDbContext, int>(platform.Subscriptions.Services,
            db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.WebhookEndpoints)));
    }

    [Theory]
    [InlineData("{\"role\":\"admin\"}", "role")]
    [InlineData("{\"role\":\"partner\"}", "partnerId")]
    [InlineData("{\"role\":\"partner\",\"partnerId\":\"ma; drop\"}", "partnerId")]
    [InlineData("{}", "role")]
    public async Task Dev_tokens_validate_their_request(string json, string field)
    {
        var response = await platform.Client.PostAsync("/api/auth/dev-token", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_NUL_character_in_any_string_of_a_body_is_a_400_naming_the_field_never_a_500()
    {
        // PostgreSQL refuses NUL in text (22021): no body string may carry one to the database.
        var secretariat = await platform.ClientAsAsync("secretariat");
        var news = await secretariat.PostAsJsonAsync("/api/content/news", TestApi.NewsBody("Titre\u0000caché", "Title"));
        Assert.NotNull((await AssertProblem(news, HttpStatusCode.BadRequest))["errors"]!["translations.fr.title"]);

        var webhook = await secretariat.PostAsJsonAsync(WebhookTestApi.Base,
            new { url = "https://partner.example.org/hook", description = "a\u0000b", eventTypes = new[] { "news.published" }, partnerCode = "MA" });
        Assert.NotNull((await AssertProblem(webhook, HttpStatusCode.BadRequest))["errors"]!["description"]);
        Assert.Equal(0, await CountNews());
    }

    private Task<int> CountNews() =>
        platform.InDbAsync<RabatPlatform.Content.Data.ContentDbContext, int>(platform.Content.Services,
            db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.News));

    private static async Task<System.Text.Json.Nodes.JsonObject> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.NotNull(problem["title"]);
        Assert.NotNull(problem["traceId"]);
        return problem;
    }
}
