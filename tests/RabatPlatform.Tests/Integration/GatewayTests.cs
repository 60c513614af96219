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
        // Readiness: wait until every bus has connected, as an orchestrator would. Details are for operators.
        using var secretariat = await platform.ClientAsAsync("secretariat");
        await TestApi.WaitUntilAsync(
            async () => (await StatusAsync(secretariat, "/health")) == "Healthy",
            TimeSpan.FromSeconds(30), "the gateway reports every service ready");
        var health = await (await secretariat.GetAsync("/health")).ReadJsonAsync();
        foreach (var service in new[] { "content", "meetings", "publications", "subscriptions", "search" })
        {
            Assert.Equal("Healthy", health["checks"]![service]!["status"]!.GetValue<string>());
        }

        Assert.Equal(HttpStatusCode.OK, (await platform.Client.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_health_probes_learn_the_status_but_not_the_platform_s_services_and_dependencies()
    {
        var gateway = await (await platform.Client.GetAsync("/health")).ReadJsonAsync();
        Assert.Equal(["status"], gateway.Select(p => p.Key));
        using var search = platform.Search.CreateClient();
        var service = await (await search.GetAsync("/health")).ReadJsonAsync();
        Assert.Equal(["status"], service.Select(p => p.Key));
    }

    [Fact]
    public async Task A_broker_outage_does_not_take_a_service_or_the_gateway_out_of_rotation()
    {
        using var client = await OperatorClientAsync(platform.Content);
        using var secretariat = await platform.ClientAsAsync("secretariat");
        try
        {
            platform.ContentBroker.Cut();
            await TestApi.WaitUntilAsync(
                async () => (await StatusAsync(client, "/health")) == "Degraded",
                TimeSpan.FromSeconds(30), "content reports its broker away");
            var content = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, content.StatusCode); // still serves reads and outbox writes
            Assert.Equal("Degraded", (await content.ReadJsonAsync())["checks"]!["messaging"]!["status"]!.GetValue<string>());

            await TestApi.WaitUntilAsync(
                async () => (await StatusAsync(secretariat, "/health")) == "Degraded",
                TimeSpan.FromSeconds(30), "the gateway reports content degraded");
            var gateway = await secretariat.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, gateway.StatusCode);
            Assert.Equal("Degraded", (await gateway.ReadJsonAsync())["checks"]!["content"]!["status"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        }
        finally
        {
            platform.ContentBroker.Restore();
        }

        await TestApi.WaitUntilAsync(
            async () => (await StatusAsync(client, "/health")) == "Healthy",
            TimeSpan.FromSeconds(60), "content is healthy again once the broker is back");
    }

    [Fact]
    public async Task Each_service_reports_its_database_and_broker()
    {
        using var client = await OperatorClientAsync(platform.Search);
        var health = await (await client.GetAsync("/health")).ReadJsonAsync();
        Assert.Equal("Healthy", health["status"]!.GetValue<string>());
        Assert.Equal("Healthy", health["checks"]!["searchdb"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", health["checks"]!["messaging"]!["status"]!.GetValue<string>());
        Assert.Contains(health["checks"]!.AsObject(), c => c.Key.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A client of a service with an operator's (secretariat) token, which sees each health check.</summary>
    private async Task<HttpClient> OperatorClientAsync<TMarker>(ServiceHost<TMarker> service)
        where TMarker : class
    {
        using var secretariat = await platform.ClientAsAsync("secretariat");
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Authorization = secretariat.DefaultRequestHeaders.Authorization;
        return client;
    }

    private static async Task<string?> StatusAsync(HttpClient client, string path) =>
        (await (await client.GetAsync(path)).ReadJsonAsync())["status"]?.GetValue<string>();

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
