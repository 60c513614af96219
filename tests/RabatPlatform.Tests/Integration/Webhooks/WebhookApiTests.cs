using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Webhooks;

/// <summary>Managing endpoints (Secretariat only), bad input as problem details, and the refused targets (SSRF).</summary>
[Collection(SubscriptionsCollection.Name)]
public sealed class WebhookApiTests(PlatformFixture platform) : IAsyncLifetime
{
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        await platform.ResetAsync();
        receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task The_secretariat_registers_lists_updates_and_deletes_endpoints()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var created = await secretariat.PostAsJsonAsync(WebhookTestApi.Base, new
        {
            url = receiver.Url,
            description = "Système du ministère",
            eventTypes = new[] { "news.published", "meeting.registration_opened", "news.published" },
            partnerCode = "SN",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        var secret = body["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret);
        Assert.True(Convert.FromBase64String(secret["whsec_".Length..]).Length >= 24);
        var id = body["endpoint"]!["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/subscriptions/webhooks/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(["news.published", "meeting.registration_opened"], body["endpoint"]!["eventTypes"]!.AsArray().Select(t => t!.GetValue<string>()));

        // Stored encrypted under the configured key, never in clear.
        var stored = await platform.InDbAsync<SubscriptionsDbContext, string>(platform.Subscriptions.Services,
            db => db.WebhookEndpoints.Where(e => e.Id == id).Select(e => e.Secret).SingleAsync());
        Assert.StartsWith($"v1:{PlatformFixture.WebhookSecretKeyId}:", stored);
        Assert.DoesNotContain(secret["whsec_".Length..], stored);

        var fetched = await WebhookTestApi.EndpointAsync(secretariat, id);
        Assert.Null(fetched["secret"]);
        Assert.DoesNotContain(secret, fetched.ToJsonString());
        Assert.Equal("SN", fetched["partnerCode"]!.GetValue<string>());
        Assert.True(fetched["enabled"]!.GetValue<bool>());

        var list = await (await secretariat.GetAsync(WebhookTestApi.Base)).ReadJsonAsync();
        Assert.Equal(1, list.Total());
        Assert.DoesNotContain(secret, list.ToJsonString());
        Assert.Equal(0, (await (await secretariat.GetAsync($"{WebhookTestApi.Base}?partnerCode=MA")).ReadJsonAsync()).Total());

        var updated = await secretariat.PutAsJsonAsync($"{WebhookTestApi.Base}/{id}", new { url = receiver.Url + "?v=2", eventTypes = new[] { "publication.published" }, enabled = false });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var view = await updated.ReadJsonAsync();
        Assert.False(view["enabled"]!.GetValue<bool>());
        Assert.Null(view["partnerCode"]);
        Assert.EndsWith("?v=2", view["url"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await secretariat.DeleteAsync($"{WebhookTestApi.Base}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await secretariat.GetAsync($"{WebhookTestApi.Base}/{id}")).StatusCode);
    }

    [Fact]
    public async Task Webhooks_are_the_secretariats_only()
    {
        var body = new { url = receiver.Url, eventTypes = new[] { "news.published" } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Client.GetAsync(WebhookTestApi.Base)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Client.PostAsJsonAsync(WebhookTestApi.Base, body)).StatusCode);
        var partner = await platform.ClientAsAsync("partner", "MA");
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync(WebhookTestApi.Base)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.PostAsJsonAsync(WebhookTestApi.Base, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync($"{WebhookTestApi.Base}/{Guid.NewGuid()}/deliveries")).StatusCode);
    }

    [Theory]
    [InlineData("", "url")]
    [InlineData("not a url", "url")]
    [InlineData("/relative/path", "url")]
    [InlineData("ftp://127.0.0.1:19400/hook", "url")]
    [InlineData("http://user:pass@127.0.0.1:19400/hook", "url")]
    public async Task An_invalid_url_is_refused(string url, string field)
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        await AssertFieldErrorAsync(await secretariat.PostAsJsonAsync(WebhookTestApi.Base, new { url, eventTypes = new[] { "news.published" } }), field);
    }

    [Fact]
    public async Task Event_types_must_come_from_the_catalogue()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        await AssertFieldErrorAsync(await secretariat.PostAsJsonAsync(WebhookTestApi.Base, new { url = receiver.Url, eventTypes = Array.Empty<string>() }), "eventTypes");
        await AssertFieldErrorAsync(await secretariat.PostAsJsonAsync(WebhookTestApi.Base, new { url = receiver.Url }), "eventTypes");
        await AssertFieldErrorAsync(await secretariat.PostAsJsonAsync(WebhookTestApi.Base, new { url = receiver.Url, eventTypes = new[] { "news.deleted" } }), "eventTypes");
        // Personal data and technical events are not offered.
        await AssertFieldErrorAsync(await secretariat.PostAsJsonAsync(WebhookTestApi.Base, new { url = receiver.Url, eventTypes = new[] { "registration.submitted" } }), "eventTypes");
        await AssertFieldErrorAsync(await secretariat.PostAsJsonAsync(WebhookTestApi.Base, new { url = receiver.Url, eventTypes = new[] { "search.index_updated" } }), "eventTypes");
        await AssertFieldErrorAsync(await secretariat.PostAsJsonAsync(WebhookTestApi.Base, new { url = receiver.Url, eventTypes = new[] { "webhook.endpoint_disabled" } }), "eventTypes");
        await AssertFieldErrorAsync(await secretariat.PostAsJsonAsync(WebhookTestApi.Base, new { url = receiver.Url, eventTypes = new[] { "news.published" }, partnerCode = "maroc" }), "partnerCode");
        await AssertFieldErrorAsync(await secretariat.PostAsJsonAsync(WebhookTestApi.Base, new { url = receiver.Url, eventTypes = new[] { "news.published" }, description = new string('d', 501) }), "description");

        // In English when asked, and nothing was written.
        var english = new HttpRequestMessage(HttpMethod.Post, WebhookTestApi.Base) { Content = JsonContent.Create(new { url = receiver.Url, eventTypes = new[] { "nope.nope" } }) };
        english.Headers.AcceptLanguage.ParseAdd("en");
        var problem = await (await secretariat.SendAsync(english)).ReadJsonAsync();
        Assert.Contains("Unknown event type", problem["errors"]!["eventTypes"]![0]!.GetValue<string>());
        Assert.Equal(0, await platform.InDbAsync<SubscriptionsDbContext, int>(platform.Subscriptions.Services, db => db.WebhookEndpoints.CountAsync()));
    }

    [Fact]
    public async Task Unknown_ids_bad_since_and_bad_filters_are_problem_details()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var unknown = Guid.NewGuid();
        var body = new { url = receiver.Url, eventTypes = new[] { "news.published" } };
        await AssertProblemAsync(await secretariat.GetAsync($"{WebhookTestApi.Base}/{unknown}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await secretariat.PutAsJsonAsync($"{WebhookTestApi.Base}/{unknown}", body), HttpStatusCode.NotFound);
        await AssertProblemAsync(await secretariat.DeleteAsync($"{WebhookTestApi.Base}/{unknown}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await secretariat.PostAsync($"{WebhookTestApi.Base}/{unknown}/rotate-secret", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await secretariat.GetAsync($"{WebhookTestApi.Base}/{unknown}/deliveries"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await secretariat.PostAsync($"{WebhookTestApi.Base}/{unknown}/test", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await secretariat.PostAsync($"{WebhookTestApi.Base}/{unknown}/recover?since=2026-01-01T00:00:00Z", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await secretariat.PostAsync($"{WebhookTestApi.Base}/{unknown}/deliveries/{Guid.NewGuid()}/replay", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await secretariat.GetAsync($"{WebhookTestApi.Base}/not-a-guid"), HttpStatusCode.NotFound);

        var (id, _) = await WebhookTestApi.RegisterAsync(secretariat, receiver.Url, "news.published");
        await AssertFieldErrorAsync(await secretariat.PostAsync($"{WebhookTestApi.Base}/{id}/recover", null), "since");
        await AssertFieldErrorAsync(await secretariat.PostAsync($"{WebhookTestApi.Base}/{id}/recover?since=yesterday", null), "since");
        await AssertFieldErrorAsync(await secretariat.PostAsync($"{WebhookTestApi.Base}/{id}/recover?since=2026-13-45", null), "since");
        var future = Uri.EscapeDataString(platform.Clock.GetUtcNow().AddDays(1).ToString("O"));
        await AssertFieldErrorAsync(await secretariat.PostAsync($"{WebhookTestApi.Base}/{id}/recover?since={future}", null), "since");
        await AssertFieldErrorAsync(await secretariat.GetAsync($"{WebhookTestApi.Base}/{id}/deliveries?status=lost"), "status");
        await AssertFieldErrorAsync(await secretariat.GetAsync($"{WebhookTestApi.Base}/{id}/deliveries?pageSize=1000"), "pageSize");
        await AssertFieldErrorAsync(await secretariat.GetAsync($"{WebhookTestApi.Base}?page=0"), "page");
        await AssertFieldErrorAsync(await secretariat.PutAsJsonAsync($"{WebhookTestApi.Base}/{id}", new { url = "http://10.0.0.1/hook", eventTypes = new[] { "news.published" } }), "url");
        await AssertProblemAsync(await secretariat.PostAsync(WebhookTestApi.Base, new StringContent("{\"url\":", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("http://127.0.0.1:19399/hook")]        // loopback, a port outside the test receivers' range
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("https://10.0.0.1/hook")]              // private
    [InlineData("https://172.16.5.4/hook")]
    [InlineData("https://192.168.1.10/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")] // link-local: cloud metadata
    [InlineData("https://100.64.0.1/hook")]            // CGNAT
    [InlineData("https://0.0.0.0/hook")]               // unspecified
    [InlineData("https://224.0.0.1/hook")]             // multicast
    [InlineData("https://[::1]/hook")]                 // IPv6 loopback
    [InlineData("https://[fd00::1]/hook")]             // unique local
    [InlineData("https://[fe80::1]/hook")]             // link-local
    [InlineData("https://[::ffff:127.0.0.1]/hook")]    // IPv4-mapped loopback
    [InlineData("https://[::ffff:169.254.169.254]/hook")]
    [InlineData("https://0x7f000001/hook")]            // 127.0.0.1 in disguise
    [InlineData("https://2130706433/hook")]
    public async Task Private_loopback_and_link_local_targets_are_refused_at_registration(string url)
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        await AssertFieldErrorAsync(await secretariat.PostAsJsonAsync(WebhookTestApi.Base, new { url, eventTypes = new[] { "news.published" } }), "url");
    }

    [Fact]
    public async Task A_name_resolving_to_loopback_is_refused_even_on_an_allowed_port()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var url = $"http://localhost:{receiver.Port}/hook";
        await AssertFieldErrorAsync(await secretariat.PostAsJsonAsync(WebhookTestApi.Base, new { url, eventTypes = new[] { "news.published" } }), "url");
    }

    [Fact]
    public async Task The_address_is_checked_again_when_connecting_so_a_rebound_name_is_refused()
    {
        // The endpoint was registered with an accepted address; its name now resolves to loopback (DNS
        // rebinding). Simulated by changing the stored URL to a name that resolves to 127.0.0.1.
        var secretariat = await platform.ClientAsAsync("secretariat");
        var (id, _) = await WebhookTestApi.RegisterAsync(secretariat, receiver.Url, "news.published");
        await platform.InDbAsync<SubscriptionsDbContext, int>(platform.Subscriptions.Services, db =>
            db.WebhookEndpoints.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Url, $"http://localhost:{receiver.Port}/hook")));

        await WebhookTestApi.SendTestAsync(secretariat, id);
        var delivery = await WebhookTestApi.WaitForDeliveryAsync(secretariat, id, d => d.Attempts() == 1, "the attempt is logged");
        var attempt = delivery["log"]!.AsArray()[0]!;
        Assert.Null(attempt["statusCode"]);
        Assert.False(attempt["success"]!.GetValue<bool>());
        Assert.Contains("Refused", attempt["error"]!.GetValue<string>());
        Assert.Contains("localhost", attempt["error"]!.GetValue<string>());
        Assert.Equal("pending", delivery.Status());
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Redirects_are_not_followed_and_count_as_failures()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        receiver.ReplyWith(307, new Dictionary<string, string> { ["Location"] = $"http://127.0.0.1:{receiver.Port}/landing" });
        var (id, _) = await WebhookTestApi.RegisterAsync(secretariat, receiver.Url, "news.published");
        await WebhookTestApi.SendTestAsync(secretariat, id);

        var delivery = await WebhookTestApi.WaitForDeliveryAsync(secretariat, id, d => d.Attempts() == 1, "the attempt is logged");
        Assert.Equal(307, delivery["lastStatusCode"]!.GetValue<int>());
        Assert.Equal("pending", delivery.Status());
        Assert.NotNull(delivery["nextAttemptAt"]);
        Assert.All(receiver.Received, r => Assert.Equal("/hook", r.Path));
        Assert.Single(receiver.Received);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), text);
    }
}
