using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>Helpers for the webhook tests (subscriptions service, through the gateway).</summary>
public static class WebhookTestApi
{
    public const string Base = "/api/subscriptions/webhooks";

    /// <summary>Registers an endpoint; returns its id and its secret.</summary>
    public static async Task<(Guid Id, string Secret)> RegisterAsync(HttpClient secretariat, string url, params string[] eventTypes)
    {
        var response = await secretariat.PostAsJsonAsync(Base, new { url, description = "Test receiver", eventTypes, partnerCode = "MA" });
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToJsonString());
        return (json["endpoint"]!["id"]!.GetValue<Guid>(), json["secret"]!.GetValue<string>());
    }

    public static async Task<JsonObject> EndpointAsync(HttpClient secretariat, Guid id)
    {
        var response = await secretariat.GetAsync($"{Base}/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    public static async Task<List<JsonObject>> DeliveriesAsync(HttpClient secretariat, Guid id, string? status = null)
    {
        var response = await secretariat.GetAsync($"{Base}/{id}/deliveries?pageSize=100" + (status is null ? "" : $"&status={status}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync())["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
    }

    /// <summary>Waits until one delivery of the endpoint satisfies the condition; returns it.</summary>
    public static async Task<JsonObject> WaitForDeliveryAsync(HttpClient secretariat, Guid id, Func<JsonObject, bool> condition, string because)
    {
        JsonObject? found = null;
        await TestApi.WaitUntilAsync(async () =>
        {
            found = (await DeliveriesAsync(secretariat, id)).FirstOrDefault(condition);
            return found is not null;
        }, TimeSpan.FromSeconds(20), because);
        return found!;
    }

    public static async Task<Guid> SendTestAsync(HttpClient secretariat, Guid id)
    {
        var response = await secretariat.PostAsync($"{Base}/{id}/test", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();
    }

    public static int Attempts(this JsonObject delivery) => delivery["attempts"]!.GetValue<int>();

    public static DateTimeOffset? Time(this JsonObject item, string property) =>
        item[property] is { } value ? value.GetValue<DateTimeOffset>() : null;
}
