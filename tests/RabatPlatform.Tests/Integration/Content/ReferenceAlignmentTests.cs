using System.Net;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Contracts;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Content;

/// <summary>The GCM alignment matrix follows meetings, publications and news as their events arrive.</summary>
[Collection(ContentCollection.Name)]
public sealed class ReferenceAlignmentTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static Dictionary<string, TranslatedText> Texts(string fr, string? en) => en is null
        ? new() { ["fr"] = new(fr, null, null, Microsoft.Extensions.Hosting.Slugs.From(fr)) }
        : new() { ["fr"] = new(fr, null, null, Microsoft.Extensions.Hosting.Slugs.From(fr)), ["en"] = new(en, null, null, Microsoft.Extensions.Hosting.Slugs.From(en)) };

    private static MeetingData Meeting(string fr, string en, params int[] gcm) => new(
        "thematic-meeting", Texts(fr, en), new DateOnly(2022, 7, 5), new DateOnly(2022, 7, 6), "Madrid", "ES", "in-person",
        ["ES", "MA"], ["border-management"], gcm);

    /// <summary>Reads through the gateway (anonymous, as the public does) until the condition holds.</summary>
    private async Task<JsonObject> AlignmentUntilAsync(HttpClient client, string path, Func<JsonObject, bool> condition)
    {
        JsonObject result = [];
        await TestApi.WaitUntilAsync(async () =>
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            result = await response.ReadJsonAsync();
            return condition(result);
        }, TimeSpan.FromSeconds(20), $"{path} shows the expected alignment");
        return result;
    }

    private static JsonArray Activities(JsonObject matrix, int objective) =>
        matrix["objectives"]![objective - 1]!["activities"]!.AsArray();

    [Fact]
    public async Task The_matrix_follows_meeting_publication_and_news_events()
    {
        var reader = platform.Client;
        var first = await reader.GetAsync("/api/content/gcm-alignment");
        // Cached by the gateway: every wait below sees a change only once alignment.updated has evicted it.
        Assert.NotEqual(true, first.Headers.CacheControl?.NoStore);
        var empty = await first.ReadJsonAsync();
        Assert.Equal(0, empty["covered"]!.GetValue<int>());
        Assert.Equal(23, empty["total"]!.GetValue<int>());
        Assert.Equal(23, empty["objectives"]!.AsArray().Count);

        var meetings = platform.Meetings.Services.GetRequiredService<IBus>();
        var publications = platform.Publications.Services.GetRequiredService<IBus>();
        var content = platform.Content.Services.GetRequiredService<IBus>();
        var t0 = DateTimeOffset.UtcNow;
        var meetingId = Guid.NewGuid();
        var publicationId = Guid.NewGuid();
        var newsId = Guid.NewGuid();

        await meetings.Publish(new MeetingAnnounced(Guid.NewGuid(), t0, meetingId,
            Meeting("Réunion thématique sur la gestion des frontières", "Thematic meeting on border management", 11, 9)));
        await publications.Publish(new PublicationPublished(Guid.NewGuid(), t0, publicationId, new PublicationData(
            "compendium", Texts("Recueil de pratiques d'engagement avec la diaspora", null), new DateOnly(2020, 11, 1),
            [], ["diaspora"], [19, 11], null)));
        await content.Publish(new NewsPublished(Guid.NewGuid(), t0, newsId, t0,
            Texts("Webinaire sur le retour volontaire et la réintégration", "Webinar on voluntary return and reintegration"),
            ["return-reintegration", "gcm-21", "gcm-99", "gcm-x"]));

        var matrix = await AlignmentUntilAsync(reader, "/api/content/gcm-alignment?lang=en", m => m["covered"]!.GetValue<int>() == 4);
        Assert.Equal("en", matrix["language"]!.GetValue<string>());
        var eleven = Activities(matrix, 11);
        Assert.Equal(2, eleven.Count);
        var meeting = eleven.Single(a => a!["type"]!.GetValue<string>() == "meeting")!;
        Assert.Equal(meetingId, meeting["id"]!.GetValue<Guid>());
        Assert.Equal("Thematic meeting on border management", meeting["title"]!.GetValue<string>());
        Assert.False(meeting["fallback"]!.GetValue<bool>());
        Assert.Equal("2022-07-05", meeting["date"]!.GetValue<string>());
        var publication = eleven.Single(a => a!["type"]!.GetValue<string>() == "publication")!;
        Assert.True(publication["fallback"]!.GetValue<bool>());
        Assert.Equal("fr", publication["language"]!.GetValue<string>());
        Assert.Equal("recueil-de-pratiques-d-engagement-avec-la-diaspora", publication["slug"]!.GetValue<string>());
        Assert.Single(Activities(matrix, 9));
        Assert.Single(Activities(matrix, 19));
        Assert.Equal("news", Assert.Single(Activities(matrix, 21))!["type"]!.GetValue<string>());
        Assert.True(matrix["objectives"]![20]!["covered"]!.GetValue<bool>());
        Assert.False(matrix["objectives"]![0]!["covered"]!.GetValue<bool>());

        // The meeting moves to objective 10 only; the news item is unpublished.
        var t1 = t0.AddSeconds(1);
        await meetings.Publish(new MeetingUpdated(Guid.NewGuid(), t1, meetingId,
            Meeting("Réunion thématique sur la traite", "Thematic meeting on trafficking", 10)));
        await content.Publish(new NewsUnpublished(Guid.NewGuid(), t1, newsId, new Dictionary<string, string>()));
        matrix = await AlignmentUntilAsync(reader, "/api/content/gcm-alignment", m =>
            Activities(m, 10).Count == 1 && Activities(m, 21).Count == 0);
        Assert.Equal(3, matrix["covered"]!.GetValue<int>()); // 10, 11 (publication), 19
        Assert.Equal("Réunion thématique sur la traite", Activities(matrix, 10)[0]!["title"]!.GetValue<string>());
        Assert.Single(Activities(matrix, 11));

        // A late, older event changes nothing; the meeting is then cancelled.
        await meetings.Publish(new MeetingUpdated(Guid.NewGuid(), t0.AddMilliseconds(500), meetingId,
            Meeting("Ancienne version", "Old version", 1, 2, 3)));
        var t2 = t1.AddSeconds(1);
        await meetings.Publish(new MeetingCancelled(Guid.NewGuid(), t2, meetingId, new Dictionary<string, string>()));
        var one = await AlignmentUntilAsync(reader, "/api/content/gcm-alignment/10", o => o["count"]!.GetValue<int>() == 0);
        Assert.False(one["covered"]!.GetValue<bool>());
        // An announcement older than the cancellation, arriving after it, does not bring the meeting back.
        await meetings.Publish(new MeetingAnnounced(Guid.NewGuid(), t1.AddMilliseconds(500), meetingId,
            Meeting("Réunion rejouée", "Replayed meeting", 4)));
        await publications.Publish(new PublicationWithdrawn(Guid.NewGuid(), t2, publicationId, new Dictionary<string, string>()));
        matrix = await AlignmentUntilAsync(reader, "/api/content/gcm-alignment", m => Activities(m, 11).Count == 0);
        Assert.Equal(0, matrix["covered"]!.GetValue<int>());
        Assert.All(matrix["objectives"]!.AsArray(), o => Assert.Empty(o!["activities"]!.AsArray()));

        // The public read (through the gateway's cache) and one objective's answer agree.
        var publicOne = await (await platform.Client.GetAsync("/api/content/gcm-alignment/4?lang=en")).ReadJsonAsync();
        Assert.Equal(4, publicOne["number"]!.GetValue<int>());
        Assert.Equal("Legal identity", publicOne["shortTitle"]!.GetValue<string>());
        Assert.Equal(0, publicOne["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_redelivered_event_is_applied_once_and_bad_requests_are_problems()
    {
        var reader = platform.Client;
        var publications = platform.Publications.Services.GetRequiredService<IBus>();
        var eventId = Guid.NewGuid();
        var publicationId = Guid.NewGuid();
        var published = new PublicationPublished(eventId, DateTimeOffset.UtcNow, publicationId, new PublicationData(
            "study", Texts("Immobilité sociale versus mobilité sociale", "Social immobility versus social mobility"),
            new DateOnly(2019, 9, 1), [], [], [2], null));
        await publications.Publish(published);
        await AlignmentUntilAsync(reader, "/api/content/gcm-alignment/2", o => o["count"]!.GetValue<int>() == 1);

        // Withdrawn, then the original announcement is delivered again: the inbox skips it.
        await publications.Publish(new PublicationWithdrawn(Guid.NewGuid(), DateTimeOffset.UtcNow.AddSeconds(1), publicationId, new Dictionary<string, string>()));
        await AlignmentUntilAsync(reader, "/api/content/gcm-alignment/2", o => o["count"]!.GetValue<int>() == 0);
        var duplicates = MetricCollector.Total("rabat.inbox.duplicates", "consumer", "content-publication-published-alignment");
        await publications.Publish(published);
        await TestApi.WaitUntilAsync(async () => await platform.InDbAsync<RabatPlatform.Content.Data.ContentDbContext, bool>(
            platform.Content.Services, db => Task.FromResult(db.InboxMessages.Count(m => m.MessageId == eventId) == 1)),
            TimeSpan.FromSeconds(10), "the first delivery is in the inbox");
        await TestApi.WaitUntilAsync(() => Task.FromResult(MetricCollector.Total("rabat.inbox.duplicates", "consumer", "content-publication-published-alignment") > duplicates),
            TimeSpan.FromSeconds(10), "the second delivery is skipped by the inbox");
        var two = await (await reader.GetAsync("/api/content/gcm-alignment/2")).ReadJsonAsync();
        Assert.Equal(0, two["count"]!.GetValue<int>());

        await (await platform.Client.GetAsync("/api/content/gcm-alignment/24")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await platform.Client.GetAsync("/api/content/gcm-alignment/two")).AssertFieldErrorAsync("n");
        await (await platform.Client.GetAsync("/api/content/gcm-alignment?lang=de")).AssertFieldErrorAsync("lang");
    }
}
