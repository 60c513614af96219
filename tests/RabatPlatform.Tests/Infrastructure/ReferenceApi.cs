using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>Helpers for the content service's reference data (partners, chairmanships, projects…).</summary>
public static class ReferenceApi
{
    public static object Partner(string code, string type, string status, string fr, string en, string? memberSince = "2006-07-10") =>
        new { code, type, status, names = new Dictionary<string, string> { ["fr"] = fr, ["en"] = en }, memberSince };

    public static async Task CreatePartnerAsync(HttpClient secretariat, string code, string fr, string en, string type = "country")
    {
        var response = await secretariat.PostAsJsonAsync("/api/content/partners", Partner(code, type, "partner", fr, en));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>The payloads of the content service's outbox rows of one event type.</summary>
    public static Task<List<JsonObject>> OutboxAsync(this PlatformFixture platform, string eventType) =>
        platform.InDbAsync<ContentDbContext, List<JsonObject>>(platform.Content.Services, async db =>
            (await db.OutboxMessages.AsNoTracking().Where(m => m.Type == eventType).OrderBy(m => m.CreatedAt)
                .Select(m => m.Payload).ToListAsync())
            .Select(p => JsonNode.Parse(p)!.AsObject()).ToList());

    /// <summary>Asserts an RFC 9457 problem with the status; returns it.</summary>
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.NotNull(problem["title"]);
        return problem;
    }

    /// <summary>Asserts a 400 validation problem naming <paramref name="field"/>.</summary>
    public static async Task<JsonObject> AssertFieldErrorAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"expected an error on '{field}', got: {errors.ToJsonString()}");
        return problem;
    }
}
