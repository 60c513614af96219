using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>Helpers for the editorial tests (news and pages through the gateway).</summary>
public static class EditorialTestApi
{
    /// <summary>A write body with the given versions (language → title), each with a summary, an HTML body and a unique slug.</summary>
    public static Dictionary<string, object?> Body(string? fr, string? en, string[]? tags = null, object? publishAt = null, object? unpublishAt = null)
    {
        var translations = new Dictionary<string, object?>();
        if (fr is not null)
        {
            translations["fr"] = new { title = fr, summary = $"Résumé : {fr}", body = $"<p>{fr}</p>", slug = TestApi.Unique("fr") };
        }

        if (en is not null)
        {
            translations["en"] = new { title = en, summary = $"Summary: {en}", body = $"<p>{en}</p>", slug = TestApi.Unique("en") };
        }

        var body = new Dictionary<string, object?> { ["translations"] = translations, ["tags"] = tags ?? ["border-management"] };
        if (publishAt is not null)
        {
            body["publishAt"] = publishAt;
        }

        if (unpublishAt is not null)
        {
            body["unpublishAt"] = unpublishAt;
        }

        return body;
    }

    /// <summary>Creates an item (<c>news</c> or <c>pages</c>); returns its admin view.</summary>
    public static async Task<JsonObject> CreateAsync(HttpClient secretariat, string kind, object body)
    {
        var created = await secretariat.PostAsJsonAsync($"/api/content/{kind}", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await created.ReadJsonAsync();
    }

    public static async Task<JsonObject> PublishAsync(HttpClient secretariat, string kind, Guid id)
    {
        var published = await secretariat.PostAsync($"/api/content/{kind}/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        return await published.ReadJsonAsync();
    }

    public static string Slug(this JsonObject item, string language) => item["translations"]![language]!["slug"]!.GetValue<string>();

    /// <summary>The content service's outbox events about an item, as (type, payload), oldest first.</summary>
    /// <remarks>
    /// Without <c>alignment.updated</c>: the content service's GCM alignment also consumes its own news and page
    /// events and says when it has applied one, at its own pace; that is not part of the item's sequence.
    /// </remarks>
    public static async Task<List<(string Type, JsonObject Payload)>> EventsAboutAsync(PlatformFixture platform, Guid id)
    {
        var rows = await platform.InDbAsync<ContentDbContext, List<(string, string)>>(platform.Content.Services, async db =>
            (await db.OutboxMessages.AsNoTracking().OrderBy(m => m.CreatedAt).Select(m => new { m.Type, m.Payload }).ToListAsync())
            .Select(m => (m.Type, m.Payload)).ToList());
        return rows.Where(r => r.Item2.Contains(id.ToString(), StringComparison.Ordinal) && r.Item1 != EventTypes.NameOf<GcmAlignmentUpdated>())
            .Select(r => (r.Item1, JsonNode.Parse(r.Item2)!.AsObject())).ToList();
    }

    public static async Task<int> CountItemsAsync(PlatformFixture platform) =>
        await platform.InDbAsync<ContentDbContext, int>(platform.Content.Services, db => db.EditorialItems.CountAsync());

    public static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.NotNull(problem["title"]);
        if (field is not null)
        {
            Assert.True(problem["errors"]?[field] is not null, $"The problem should name '{field}': {problem.ToJsonString()}");
        }

        return problem;
    }
}
