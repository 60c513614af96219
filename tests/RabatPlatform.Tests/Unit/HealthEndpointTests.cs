using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace RabatPlatform.Tests.Unit;

/// <summary>
/// <c>/health</c> as ServiceDefaults maps it for every process: anonymous probes share one cached evaluation and
/// learn only the status; operators (a secretariat token, or a configured network) see each check; a dependency
/// that leaves the process able to serve (the broker, or one service of the gateway's) is Degraded and ready.
/// </summary>
public sealed class HealthEndpointTests
{
    /// <summary>The tag of the gateway's per-service checks: the gateway serves while at least one of them does.</summary>
    private const string PartTag = "part";

    [Fact]
    public async Task Anonymous_probes_cannot_make_a_process_check_its_dependencies_more_than_once_per_cache_period()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var evaluations = 0;
        await using var app = await HostAsync(
            checks => checks.AddAsyncCheck("contentdb", async () =>
            {
                Interlocked.Increment(ref evaluations);
                await Task.Delay(200);
                return HealthCheckResult.Healthy("database reachable");
            }, ["ready"]),
            new() { ["Health:CacheDuration"] = "00:00:05" },
            time);
        using var client = app.GetTestClient();

        var probes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync("/health")));
        Assert.All(probes, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
        Assert.Equal(1, evaluations); // twenty probes at once: one evaluation, shared

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(1, evaluations); // within the cache period: the same answer

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(2, evaluations);
    }

    [Fact]
    public async Task Anonymous_callers_learn_only_the_status_not_the_names_and_descriptions_of_the_dependencies()
    {
        await using var app = await HostAsync(checks => checks.AddCheck(
            "contentdb", () => HealthCheckResult.Healthy("database reachable"), ["ready"]));
        using var client = app.GetTestClient();

        var anonymous = await ReadAsync(await client.GetAsync("/health"));
        Assert.Equal("""{"status":"Healthy"}""", anonymous.ToJsonString());

        using var partner = Authorized(app, PlatformRoles.Partner, "MA");
        Assert.Equal("""{"status":"Healthy"}""", (await ReadAsync(await partner.GetAsync("/health"))).ToJsonString());

        using var secretariat = Authorized(app, PlatformRoles.Secretariat);
        var details = await ReadAsync(await secretariat.GetAsync("/health"));
        Assert.Equal("Healthy", details["status"]!.GetValue<string>());
        var check = details["checks"]!["contentdb"]!;
        Assert.Equal("Healthy", check["status"]!.GetValue<string>());
        Assert.Equal("database reachable", check["description"]!.GetValue<string>());
        Assert.NotNull(check["durationMs"]);
    }

    [Fact]
    public async Task Probes_from_a_configured_operator_network_see_the_details_others_do_not()
    {
        await using var app = await HostAsync(
            checks => checks.AddCheck("contentdb", () => HealthCheckResult.Healthy("database reachable"), ["ready"]),
            new() { ["Health:DetailsNetworks:0"] = "10.1.0.0/16" });

        var inside = await ProbeFromAsync(app, IPAddress.Parse("10.1.2.3"));
        Assert.Equal("Healthy", inside["checks"]!["contentdb"]!["status"]!.GetValue<string>());
        var mapped = await ProbeFromAsync(app, IPAddress.Parse("10.1.2.3").MapToIPv6());
        Assert.NotNull(mapped["checks"]);

        var outside = await ProbeFromAsync(app, IPAddress.Parse("192.0.2.10"));
        Assert.Equal("""{"status":"Healthy"}""", outside.ToJsonString());
    }

    [Fact]
    public async Task A_dependency_the_process_can_serve_without_does_not_take_it_out_of_rotation_but_an_Unhealthy_one_does()
    {
        var broker = HealthStatus.Healthy;
        var database = HealthStatus.Healthy;
        await using var app = await HostAsync(
            checks => checks
                .AddCheck("messaging", () => new HealthCheckResult(broker, "broker"), ["ready"])
                .AddCheck("contentdb", () => new HealthCheckResult(database, "database"), ["ready"]),
            new() { ["Health:CacheDuration"] = "00:00:00" });
        using var client = app.GetTestClient();

        broker = HealthStatus.Degraded; // the broker is away: reads and outbox writes still work
        var degraded = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);
        Assert.Equal("Degraded", (await ReadAsync(degraded))["status"]!.GetValue<string>());

        database = HealthStatus.Unhealthy; // its own database down: it cannot serve
        var down = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("Unhealthy", (await ReadAsync(down))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_dependency_still_starting_keeps_the_process_not_ready()
    {
        await using var app = await HostAsync(checks => checks.AddCheck(
            "bus", () => HealthCheckResult.Degraded("Not ready: not started"), [StartupHealth.Tag]));
        using var client = app.GetTestClient();

        var starting = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
        Assert.Equal("Degraded", (await ReadAsync(starting))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task One_service_down_does_not_take_the_gateway_out_of_rotation_all_of_them_down_does()
    {
        var content = HealthStatus.Healthy;
        var search = HealthStatus.Healthy;
        await using var app = await HostAsync(
            checks => checks
                .AddCheck("content", () => new HealthCheckResult(content, "content"), ["ready", PartTag])
                .AddCheck("search", () => new HealthCheckResult(search, "search"), ["ready", PartTag]),
            new() { ["Health:CacheDuration"] = "00:00:00" });
        using var client = app.GetTestClient();
        using var secretariat = Authorized(app, PlatformRoles.Secretariat);

        content = HealthStatus.Unhealthy;
        var partly = await secretariat.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, partly.StatusCode);
        var report = await ReadAsync(partly);
        Assert.Equal("Degraded", report["status"]!.GetValue<string>());
        Assert.Equal("Unhealthy", report["checks"]!["content"]!["status"]!.GetValue<string>()); // the operator sees which

        search = HealthStatus.Unhealthy;
        var none = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, none.StatusCode);
        Assert.Equal("Unhealthy", (await ReadAsync(none))["status"]!.GetValue<string>());
    }

    private static async Task<WebApplication> HostAsync(
        Action<IHealthChecksBuilder> checks, Dictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.AddServiceDefaults();
        checks(builder.Services.AddHealthChecks());
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        var app = builder.Build();
        app.UseServiceDefaults();
        await app.StartAsync();
        return app;
    }

    private static HttpClient Authorized(WebApplication app, string role, string? partnerId = null)
    {
        var options = new PlatformAuthenticationOptions();
        var (token, _) = new DevTokenIssuer(options, options.GetDevSigningKey(isDevelopment: true)!, TimeProvider.System).Issue(role, partnerId);
        var client = app.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonObject> ProbeFromAsync(WebApplication app, IPAddress address)
    {
        var context = await app.GetTestServer().SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = "/health";
            http.Connection.RemoteIpAddress = address;
        });
        return (await JsonNode.ParseAsync(context.Response.Body))!.AsObject();
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
}
