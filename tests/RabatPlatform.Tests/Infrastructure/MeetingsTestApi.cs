using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>Helpers for the meetings tests: partners, meeting and registration bodies, events written to the outbox.</summary>
public static class MeetingsTestApi
{
    /// <summary>Publishes <c>partner.registered</c> for each code (as the partners' owner would) and waits until the meetings service has them.</summary>
    public static async Task RegisterPartnersAsync(PlatformFixture platform, params string[] codes)
    {
        var bus = platform.Meetings.Services.GetRequiredService<IBus>();
        var now = DateTimeOffset.UtcNow;
        foreach (var code in codes)
        {
            await bus.Publish(new PartnerRegistered(Guid.NewGuid(), now, new PartnerData(
                code, code.Length == 2 ? "country" : "organisation", "partner",
                new Dictionary<string, string> { ["fr"] = $"Partenaire {code}", ["en"] = $"Partner {code}" }, null)));
        }

        await TestApi.WaitUntilAsync(
            async () => await platform.InDbAsync<MeetingsDbContext, int>(platform.Meetings.Services,
                db => db.Partners.CountAsync(p => codes.Contains(p.Code))) == codes.Length,
            TimeSpan.FromSeconds(20), $"the meetings service knows partners {string.Join(", ", codes)}");
    }

    /// <summary>A valid meeting (Madrid, hybrid, registration open now until in 30 days, meeting in 60 days); tweak the JSON as needed.</summary>
    public static JsonObject MeetingBody(string marker, DateTimeOffset now)
    {
        var start = DateOnly.FromDateTime(now.UtcDateTime).AddDays(60);
        return new JsonObject
        {
            ["kind"] = "thematic-meeting",
            ["status"] = "announced",
            ["translations"] = new JsonObject
            {
                ["fr"] = new JsonObject { ["title"] = $"Réunion thématique sur la gestion des frontières {marker}", ["summary"] = "Madrid" },
                ["en"] = new JsonObject { ["title"] = $"Thematic meeting on border management {marker}", ["summary"] = "Madrid" },
            },
            ["startDate"] = start.ToString("yyyy-MM-dd"),
            ["endDate"] = start.AddDays(1).ToString("yyyy-MM-dd"),
            ["timeZone"] = "Europe/Madrid",
            ["city"] = "Madrid",
            ["countryCode"] = "ES",
            ["format"] = "hybrid",
            ["coChairs"] = new JsonArray("ES", "MA"),
            ["themes"] = new JsonArray("border-management"),
            ["workingGroups"] = new JsonArray("wg-borders", "wg-returns"),
            ["frameworkCodes"] = new JsonArray("cadiz-2023.d2"),
            ["gcmObjectives"] = new JsonArray(11),
            ["agenda"] = new JsonArray(new JsonObject
            {
                ["date"] = start.ToString("yyyy-MM-dd"),
                ["time"] = "09:30",
                ["titles"] = new JsonObject { ["fr"] = "Ouverture", ["en"] = "Opening" },
            }),
            ["capacity"] = 50,
            ["delegationQuota"] = 10,
            ["moderated"] = false,
            ["registrationOpensAt"] = now.AddDays(-1).ToString("O"),
            ["registrationDeadline"] = now.AddDays(30).ToString("O"),
        };
    }

    public static async Task<(Guid Id, string SlugFr)> CreateMeetingAsync(HttpClient secretariat, JsonObject body)
    {
        var response = await secretariat.PostAsJsonAsync("/api/meetings", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var json = JsonNode.Parse(text)!;
        return (json["id"]!.GetValue<Guid>(), json["translations"]!["fr"]!["slug"]!.GetValue<string>());
    }

    public static object Delegate(string email, string? partnerCode = null, string participation = "in-person", string language = "fr") => new
    {
        partnerCode,
        givenName = "Amina",
        familyName = "El Idrissi",
        email,
        function = "Directrice",
        organisation = "Ministère",
        language,
        participation,
        workingGroup = "wg-borders",
        visaLetter = true,
        dietaryNotes = "Végétarienne",
        accessibilityNotes = "Fauteuil roulant",
    };

    public static async Task<JsonObject> RegisterAsync(HttpClient client, Guid meetingId, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await client.PostAsJsonAsync($"/api/meetings/{meetingId}/registrations", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> PostAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK, object? body = null)
    {
        var response = body is null ? await client.PostAsync(path, null) : await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The events of type <typeparamref name="T"/> the meetings service has written (its outbox keeps sent rows for days).</summary>
    public static async Task<List<T>> EventsAsync<T>(PlatformFixture platform) where T : IIntegrationEvent
    {
        var type = EventTypes.NameOf<T>();
        var payloads = await platform.InDbAsync<MeetingsDbContext, List<string>>(platform.Meetings.Services,
            db => db.OutboxMessages.Where(m => m.Type == type).OrderBy(m => m.CreatedAt).Select(m => m.Payload).ToListAsync());
        return payloads.Select(p => JsonSerializer.Deserialize<T>(p, TestApi.Json)!).ToList();
    }

    public static async Task<List<T>> WaitForEventsAsync<T>(PlatformFixture platform, Func<T, bool> match, int count = 1, int seconds = 15)
        where T : IIntegrationEvent
    {
        List<T> found = [];
        await TestApi.WaitUntilAsync(async () =>
        {
            found = (await EventsAsync<T>(platform)).Where(match).ToList();
            return found.Count >= count;
        }, TimeSpan.FromSeconds(seconds), $"{count} {EventTypes.NameOf<T>()} event(s) are written");
        return found;
    }

    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            var errors = JsonNode.Parse(text)!["errors"]?.AsObject();
            Assert.True(errors?.ContainsKey(field) == true, $"expected an error on '{field}': {text}");
        }
    }
}
