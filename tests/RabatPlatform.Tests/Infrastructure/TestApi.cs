using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>Small helpers for driving the platform through the gateway.</summary>
public static class TestApi
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static object NewsBody(string frTitle, string enTitle, string? frSummary = null, string? enSummary = null, string[]? tags = null) => new
    {
        translations = new Dictionary<string, object>
        {
            ["fr"] = new { title = frTitle, summary = frSummary ?? $"Résumé : {frTitle}", body = $"<p>{frTitle}</p>" },
            ["en"] = new { title = enTitle, summary = enSummary ?? $"Summary: {enTitle}", body = $"<p>{enTitle}</p>" },
        },
        tags = tags ?? ["border-management"],
    };

    public static async Task<JsonObject> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Creates and publishes a news item through the gateway; returns its id.</summary>
    public static async Task<Guid> CreateAndPublishNewsAsync(HttpClient secretariat, object body, HttpRequestMessage? publishRequest = null)
    {
        var created = await secretariat.PostAsJsonAsync("/api/content/news", body);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<Guid>();
        var publish = await secretariat.PostAsync($"/api/content/news/{id}/publish", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, publish.StatusCode);
        return id;
    }

    /// <summary>Searches until a condition holds or the timeout passes; returns the last result.</summary>
    public static async Task<JsonObject> SearchUntilAsync(HttpClient client, string query, string lang, Func<JsonObject, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        JsonObject result;
        do
        {
            var response = await client.GetAsync($"/api/search?q={Uri.EscapeDataString(query)}&lang={lang}");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            result = await response.ReadJsonAsync();
            if (condition(result))
            {
                return result;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        return result;
    }

    public static Guid Id(this JsonObject item) => item["id"]!.GetValue<Guid>();

    public static string Status(this JsonObject item) => item["status"]!.GetValue<string>();

    public static int Total(this JsonObject result) => result["total"]!.GetValue<int>();

    public static IEnumerable<Guid> Ids(this JsonObject result) =>
        result["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>());

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting until {because}.");
            }

            await Task.Delay(100);
        }
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
