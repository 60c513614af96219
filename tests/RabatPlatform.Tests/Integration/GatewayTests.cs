using System.Net;
using System.Net.Http.Json;
using RabatPlatform.Gateway;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration;

[Collection(PlatformCollection.Name)]
public sealed class GatewayTests(PlatformFixture platform)
{
    [Fact]
    public async Task Health_reports_each_service_ready()
    {
        // Readiness: wait until every bus has connected, as an orchestrator would.
        await TestApi.WaitUntilAsync(
            async () => (await platform.Client.GetAsync("/health")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "the gateway reports ready");
        var health = await (await platform.Client.GetAsync("/health")).ReadJsonAsync();
        Assert.Equal("Healthy", health["status"]!.GetValue<string>());
        foreach (var service in new[] { "content", "meetings", "publications", "subscriptions", "search" })
        {
            Assert.Equal("Healthy", health["checks"]![service]!["status"]!.GetValue<string>());
        }

        Assert.Equal(HttpStatusCode.OK, (await platform.Client.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task A_service_cut_off_from_the_broker_is_not_ready()
    {
        using var client = platform.Content.CreateClient();
        try
        {
            platform.ContentBroker.Cut();
            await TestApi.WaitUntilAsync(
                async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(30), "content reports not ready");
            var gateway = await platform.Client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, gateway.StatusCode);
            Assert.Equal("Unhealthy", (await gateway.ReadJsonAsync())["checks"]!["content"]!["status"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        }
        finally
        {
            platform.ContentBroker.Restore();
        }

        await TestApi.WaitUntilAsync(
            async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "content is ready again once the broker is back");
    }

    [Fact]
    public async Task Each_service_reports_its_database_and_broker()
    {
        using var client = platform.Search.CreateClient();
        var health = await (await client.GetAsync("/health")).ReadJsonAsync();
        Assert.Equal("Healthy", health["status"]!.GetValue<string>());
        Assert.Equal("Healthy", health["checks"]!["searchdb"]!["status"]!.GetValue<string>());
        Assert.Contains(health["checks"]!.AsObject(), c => c.Key.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Dev_tokens_carry_role_and_partner()
    {
        var response = await platform.Client.PostAsJsonAsync("/api/auth/dev-token", new { role = "partner", partnerId = "MA" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await response.ReadJsonAsync();
        Assert.Equal(3600, token["expiresIn"]!.GetValue<int>());
        var payload = token["accessToken"]!.GetValue<string>().Split('.')[1];
        var json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=').Replace('-', '+').Replace('_', '/')));
        Assert.Contains("\"partner_id\":\"MA\"", json);
        Assert.Contains("\"role\":\"partner\"", json);
    }

    [Fact]
    public async Task Outside_development_the_dev_token_route_does_not_exist()
    {
        await using var production = new ServiceHost<GatewayMarker>(new Dictionary<string, string?>
        {
            ["Authentication:Authority"] = "https://login.rabat-process.invalid",
            ["ConnectionStrings:messaging"] = "amqp://guest:guest@127.0.0.1:9/",
            ["services:content:http:0"] = "http://127.0.0.1:9",
            ["services:meetings:http:0"] = "http://127.0.0.1:9",
            ["services:publications:http:0"] = "http://127.0.0.1:9",
            ["services:subscriptions:http:0"] = "http://127.0.0.1:9",
            ["services:search:http:0"] = "http://127.0.0.1:9",
        }, environment: "Production").Start(kestrel: false);
        using var client = production.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/dev-token", new { role = "secretariat" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
