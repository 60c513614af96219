using System.Net;
using System.Net.Http.Json;
using System.Text;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration;

/// <summary>The gateway's policies: authorization per route, rate limits, CORS, body limits, caching that follows events, headers.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayPolicyTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("POST", "/api/content/news", null, HttpStatusCode.Unauthorized)]
    [InlineData("PUT", "/api/meetings/00000000-0000-0000-0000-000000000001", null, HttpStatusCode.Unauthorized)]
    [InlineData("DELETE", "/api/publications/x", null, HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/api/subscriptions/webhooks", null, HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/api/subscriptions/webhooks", "partner", HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/subscriptions/newsletter/stats", "partner", HttpStatusCode.Forbidden)]
    [InlineData("POST", "/api/search/rebuild", "partner", HttpStatusCode.Forbidden)]
    [InlineData("POST", "/api/meetings/00000000-0000-0000-0000-000000000001/registrations", null, HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/api/meetings/00000000-0000-0000-0000-000000000001/registrations.csv", "partner", HttpStatusCode.Forbidden)]
    [InlineData("POST", "/api/content/news", "partner", HttpStatusCode.Forbidden)]
    public async Task Protected_routes_answer_401_or_403_at_the_gateway(string method, string path, string? role, HttpStatusCode expected)
    {
        var client = role is null ? platform.Client : await platform.ClientAsAsync(role, "MA");
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) });
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Partners_reach_registration_routes_and_everyone_reads_public_routes()
    {
        var partner = await platform.ClientAsAsync("partner", "MA");
        // Through the gateway to the meetings service (which has no such meeting yet: its own 404, not a 401/403).
        var registration = await partner.PostAsJsonAsync("/api/meetings/00000000-0000-0000-0000-000000000001/registrations", new { });
        Assert.Equal(HttpStatusCode.NotFound, registration.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.Client.GetAsync("/api/content/news")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.Client.GetAsync("/api/search?q=migration")).StatusCode);
    }

    [Fact]
    public async Task Public_forms_are_rate_limited_per_client_with_retry_after()
    {
        HttpResponseMessage response;
        var attempts = 0;
        do
        {
            response = await platform.Client.PostAsJsonAsync("/api/subscriptions/newsletter", new { email = "x@example.org", language = "fr" });
            attempts++;
        }
        while (response.StatusCode != HttpStatusCode.TooManyRequests && attempts <= PlatformFixture.PublicFormsLimit + 1);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(attempts <= PlatformFixture.PublicFormsLimit + 1);
        Assert.True(int.Parse(response.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        // Other routes are not affected.
        Assert.Equal(HttpStatusCode.OK, (await platform.Client.GetAsync("/api/content/news")).StatusCode);
    }

    [Fact]
    public async Task Oversize_bodies_are_413_before_reaching_the_service()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var body = new StringContent("{\"translations\":{\"fr\":{\"title\":\"" + new string('x', 1_100_000) + "\"}}}", Encoding.UTF8, "application/json");
        var response = await secretariat.PostAsync("/api/content/news", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Cors_allows_configured_front_ends_only()
    {
        var allowed = Preflight(PlatformFixture.AllowedOrigin);
        var response = await platform.Client.SendAsync(allowed);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(PlatformFixture.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var denied = await platform.Client.SendAsync(Preflight("https://evil.example"));
        Assert.False(denied.Headers.Contains("Access-Control-Allow-Origin"));

        static HttpRequestMessage Preflight(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, "/api/content/news");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            return request;
        }
    }

    [Fact]
    public async Task Public_reads_are_cached_until_an_event_changes_them()
    {
        var marker = TestApi.Unique("ca");
        const string list = "/api/content/news?lang=fr";
        var first = await platform.Client.GetAsync(list);
        Assert.Equal(0, (await first.ReadJsonAsync()).Total());
        var second = await platform.Client.GetAsync(list);
        Assert.NotNull(second.Headers.Age); // served from the cache

        // Authenticated reads are never cached.
        var secretariat = await platform.ClientAsAsync("secretariat");
        await secretariat.GetAsync(list);
        Assert.Null((await secretariat.GetAsync(list)).Headers.Age);

        // news.published evicts the content service's cached reads, and search.index_updated the search results.
        var searchBefore = await (await platform.Client.GetAsync($"/api/search?q={marker}")).ReadJsonAsync();
        Assert.Equal(0, searchBefore.Total());
        await TestApi.CreateAndPublishNewsAsync(secretariat, TestApi.NewsBody($"Mise en cache {marker}", $"Caching {marker}"));
        await TestApi.WaitUntilAsync(
            async () => (await (await platform.Client.GetAsync(list)).ReadJsonAsync()).Total() == 1,
            TimeSpan.FromSeconds(10), "the cached list shows the new item");
        await TestApi.SearchUntilAsync(platform.Client, marker, "fr", r => r.Total() == 1, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_cookie_that_does_not_authenticate_does_not_bypass_the_cache()
    {
        const string list = "/api/content/news?lang=en";
        await platform.Client.GetAsync(list);
        var withCookie = new HttpRequestMessage(HttpMethod.Get, list);
        withCookie.Headers.Add("Cookie", "_ga=GA1.1.123.456; consent=analytics");
        Assert.NotNull((await platform.Client.SendAsync(withCookie)).Headers.Age); // the cached answer

        var signedIn = new HttpRequestMessage(HttpMethod.Get, list);
        signedIn.Headers.Add("Cookie", "_ga=GA1.1.123.456");
        signedIn.Headers.Authorization = (await platform.ClientAsAsync("secretariat")).DefaultRequestHeaders.Authorization;
        Assert.Null((await platform.Client.SendAsync(signedIn)).Headers.Age); // a token is never answered from the cache
    }

    [Fact]
    public async Task Answers_carry_security_headers_a_correlation_id_and_compression()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/content/news");
        request.Headers.Add("X-Correlation-Id", "drill-42");
        request.Headers.AcceptEncoding.ParseAdd("br");
        var response = await platform.Client.SendAsync(request);
        Assert.Equal("drill-42", response.Headers.GetValues("X-Correlation-Id").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());

        var generated = await platform.Client.GetAsync("/api/content/news?page=1");
        Assert.Matches("^[0-9a-f]{32}$", generated.Headers.GetValues("X-Correlation-Id").Single());
        var hostile = new HttpRequestMessage(HttpMethod.Get, "/api/content/news?page=2");
        hostile.Headers.TryAddWithoutValidation("X-Correlation-Id", "<script>");
        Assert.NotEqual("<script>", (await platform.Client.SendAsync(hostile)).Headers.GetValues("X-Correlation-Id").Single());
    }
}

/// <summary>One API reference: every service's OpenAPI document through the gateway, browsable at /docs.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApiReferenceTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("content", "/api/content/news")]
    [InlineData("search", "/api/search/suggest")]
    [InlineData("meetings", null)]
    [InlineData("publications", null)]
    [InlineData("subscriptions", null)]
    public async Task Each_service_document_is_served_with_the_gateway_as_its_server(string service, string? path)
    {
        var response = await platform.Client.GetAsync($"/openapi/{service}.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadJsonAsync();
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>());
        Assert.Equal("/", document["servers"]![0]!["url"]!.GetValue<string>());
        if (path is not null)
        {
            Assert.NotNull(document["paths"]![path]);
        }
    }

    [Fact]
    public async Task Unknown_documents_are_404()
    {
        var response = await platform.Client.GetAsync("/openapi/nothing.json");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_docs_page_lists_every_service_under_a_strict_content_security_policy()
    {
        var response = await platform.Client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var service in new[] { "content", "meetings", "publications", "subscriptions", "search" })
        {
            // Resolved by the page against the site's root: /openapi/{service}.json.
            Assert.Contains($"\"url\":\"openapi/{service}.json\"", html, StringComparison.Ordinal);
        }

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Matches("script-src 'self' 'nonce-[^']+'", csp);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal); // everything from the gateway itself
        var script = await platform.Client.GetAsync("/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
