using System.Net;
using System.Net.Http.Json;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Webhooks;

/// <summary>
/// The target policy each environment gets by default, with no test setting of its own (the fixture's service sets
/// the strict policy explicitly): Development allows a receiver on the developer's machine over plain http, every
/// other environment keeps https and public addresses only.
/// </summary>
[Collection(SubscriptionsCollection.Name)]
public sealed class WebhookEnvironmentDefaultsTests(PlatformFixture platform) : IAsyncLifetime
{
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        await platform.ResetAsync();
        receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task In_development_a_webhook_may_target_http_on_loopback_by_default()
    {
        await using var development = await StandaloneSubscriptions.StartAsync("Development");
        using var secretariat = await SecretariatAsync(development);

        // A name resolving to loopback (refused by the strict policy even on an allow-listed port) and an IP literal.
        var byName = await RegisterAsync(secretariat, $"http://localhost:{receiver.Port}/hook");
        Assert.True(byName.StatusCode == HttpStatusCode.Created, await byName.Content.ReadAsStringAsync());
        var created = await RegisterAsync(secretariat, receiver.Url);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var json = await created.ReadJsonAsync();
        var id = json["endpoint"]!["id"]!.GetValue<Guid>();
        var secret = json["secret"]!.GetValue<string>();

        // And the delivery really goes there (the connect-time check applies the same policy), signed.
        await WebhookTestApi.SendTestAsync(secretariat, id);
        var received = Assert.Single(await receiver.WaitForAsync(1, "the test event reaches the local receiver"));
        Assert.Equal("org.rabatprocess.webhook.test", received.Json["type"]!.GetValue<string>());
        Assert.True(received.VerifiesWith(secret));
    }

    [Fact]
    public async Task Outside_development_http_and_loopback_targets_are_refused_by_default()
    {
        await using var production = await StandaloneSubscriptions.StartAsync("Production", StandaloneSubscriptions.ProductionSecrets());
        using var secretariat = await SecretariatAsync(production);

        foreach (var url in new[]
        {
            receiver.Url,                                   // http
            $"https://127.0.0.1:{receiver.Port}/hook",      // loopback literal
            $"https://localhost:{receiver.Port}/hook",      // a name resolving to loopback
            "https://10.0.0.1/hook",
            "https://169.254.169.254/latest/meta-data/",
        })
        {
            var refused = await RegisterAsync(secretariat, url);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
            Assert.NotNull((await refused.ReadJsonAsync())["errors"]!["url"]);
        }

        Assert.Empty(receiver.Received);
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient secretariat, string url) =>
        secretariat.PostAsJsonAsync(WebhookTestApi.Base, new { url, eventTypes = new[] { "news.published" } });

    /// <summary>A client of the standalone service itself (not through the gateway) with a Secretariat token.</summary>
    private static Task<HttpClient> SecretariatAsync(StandaloneSubscriptions service) => Task.FromResult(service.SecretariatClient());
}
