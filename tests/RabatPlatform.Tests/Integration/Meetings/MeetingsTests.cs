using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Contracts;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.MeetingsTestApi;

namespace RabatPlatform.Tests.Integration.Meetings;

/// <summary>Meetings: the Secretariat creates, edits, cancels; the public reads the agenda; every bad input is a problem.</summary>
[Collection(MeetingsCollection.Name)]
public sealed class MeetingsTests(PlatformFixture platform) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await platform.ResetAsync();
        await RegisterPartnersAsync(platform, "ES", "MA");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Secretariat_creates_edits_and_cancels_a_meeting_with_an_event_for_each()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var marker = TestApi.Unique("m");
        var body = MeetingBody(marker, platform.Clock.GetUtcNow());
        var (id, slug) = await CreateMeetingAsync(secretariat, body);

        var announced = Assert.Single(await EventsAsync<MeetingAnnounced>(platform), e => e.MeetingId == id);
        Assert.Equal("thematic-meeting", announced.Meeting.Kind);
        Assert.Equal("Europe/Madrid", announced.Meeting.TimeZone);
        Assert.Equal(["wg-borders", "wg-returns"], announced.Meeting.WorkingGroups!);
        Assert.Equal(["cadiz-2023.d2"], announced.Meeting.FrameworkCodes!);
        Assert.Equal("announced", announced.Meeting.Status);
        Assert.Equal(["ES", "MA"], announced.Meeting.CoChairs);

        var fr = await (await platform.Client.GetAsync($"/api/meetings/{slug}?lang=fr")).ReadJsonAsync();
        Assert.False(fr["fallback"]!.GetValue<bool>());
        Assert.StartsWith("Réunion thématique", fr["title"]!.GetValue<string>());
        Assert.Equal("Ouverture", fr["agenda"]![0]!["title"]!.GetValue<string>());
        var en = await (await platform.Client.GetAsync($"/api/meetings/{slug}?lang=en")).ReadJsonAsync();
        Assert.StartsWith("Thematic meeting", en["title"]!.GetValue<string>());

        body["translations"]!.AsObject().Remove("en");
        body["translations"]!["fr"]!["title"] = $"Réunion thématique modifiée {marker}";
        body["translations"]!["fr"]!["slug"] = slug;
        var edited = await secretariat.PutAsJsonAsync($"/api/meetings/{id}", body);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Single(await EventsAsync<MeetingUpdated>(platform), e => e.MeetingId == id);

        // The gateway's cached copy goes once meeting.updated reaches it.
        JsonObject fallback = [];
        await TestApi.WaitUntilAsync(async () =>
        {
            fallback = await (await platform.Client.GetAsync($"/api/meetings/{slug}?lang=en")).ReadJsonAsync();
            return fallback["fallback"]!.GetValue<bool>();
        }, TimeSpan.FromSeconds(15), "the English reader gets the French version as a fallback");
        Assert.Equal("fr", fallback["language"]!.GetValue<string>());

        await PostAsync(secretariat, $"/api/meetings/{id}/cancel");
        var cancelled = Assert.Single(await EventsAsync<MeetingCancelled>(platform), e => e.MeetingId == id);
        Assert.Equal(slug, cancelled.Slugs["fr"]);
        await AssertProblemAsync(await secretariat.PostAsync($"/api/meetings/{id}/cancel", null), HttpStatusCode.Conflict);
        await AssertProblemAsync(await secretariat.PutAsJsonAsync($"/api/meetings/{id}", body), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_planned_meeting_is_private_until_announced()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var body = MeetingBody(TestApi.Unique("p"), platform.Clock.GetUtcNow());
        body["status"] = "planned";
        var (id, slug) = await CreateMeetingAsync(secretariat, body);
        Assert.Empty(await EventsAsync<MeetingAnnounced>(platform));
        await AssertProblemAsync(await platform.Client.GetAsync($"/api/meetings/{slug}"), HttpStatusCode.NotFound);

        body["status"] = "announced";
        Assert.Equal(HttpStatusCode.OK, (await secretariat.PutAsJsonAsync($"/api/meetings/{id}", body)).StatusCode);
        Assert.Single(await EventsAsync<MeetingAnnounced>(platform), e => e.MeetingId == id);
        Assert.Equal(HttpStatusCode.OK, (await platform.Client.GetAsync($"/api/meetings/{slug}")).StatusCode);

        body["status"] = "planned";
        await AssertProblemAsync(await secretariat.PutAsJsonAsync($"/api/meetings/{id}", body), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_agenda_filters_by_dates_kind_and_upcoming()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var now = platform.Clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var past = MeetingBody(TestApi.Unique("past"), now);
        past["startDate"] = today.AddDays(-100).ToString("yyyy-MM-dd");
        past["endDate"] = today.AddDays(-99).ToString("yyyy-MM-dd");
        past["kind"] = "webinar";
        past["agenda"] = new JsonArray();
        past["format"] = "virtual";
        past["registrationOpensAt"] = now.AddDays(-130).ToString("O");
        past["registrationDeadline"] = now.AddDays(-101).ToString("O");
        var (pastId, _) = await CreateMeetingAsync(secretariat, past);
        var (soonId, _) = await CreateMeetingAsync(secretariat, MeetingBody(TestApi.Unique("soon"), now));
        var later = MeetingBody(TestApi.Unique("later"), now);
        later["startDate"] = today.AddDays(200).ToString("yyyy-MM-dd");
        later["endDate"] = today.AddDays(201).ToString("yyyy-MM-dd");
        later["kind"] = "ministerial-conference";
        later["agenda"] = new JsonArray();
        var (laterId, _) = await CreateMeetingAsync(secretariat, later);

        var upcoming = await (await platform.Client.GetAsync("/api/meetings?upcoming=true&lang=en")).ReadJsonAsync();
        Assert.Equal([soonId, laterId], upcoming.Ids());
        var all = await (await platform.Client.GetAsync("/api/meetings")).ReadJsonAsync();
        Assert.Equal(3, all.Total());
        var webinars = await (await platform.Client.GetAsync("/api/meetings?kind=webinar")).ReadJsonAsync();
        Assert.Equal([pastId], webinars.Ids());
        var window = await (await platform.Client.GetAsync(
            $"/api/meetings?from={today.AddDays(150):yyyy-MM-dd}&to={today.AddDays(365):yyyy-MM-dd}")).ReadJsonAsync();
        Assert.Equal([laterId], window.Ids());
        var paged = await (await platform.Client.GetAsync("/api/meetings?upcoming=true&page=2&pageSize=1")).ReadJsonAsync();
        Assert.Equal([laterId], paged.Ids());

        await AssertProblemAsync(await platform.Client.GetAsync("/api/meetings?from=2026-13-01"), HttpStatusCode.BadRequest, "from");
        await AssertProblemAsync(await platform.Client.GetAsync("/api/meetings?from=2026-05-01&to=2026-04-01"), HttpStatusCode.BadRequest, "to");
        await AssertProblemAsync(await platform.Client.GetAsync("/api/meetings?kind=party"), HttpStatusCode.BadRequest, "kind");
        await AssertProblemAsync(await platform.Client.GetAsync("/api/meetings?upcoming=maybe"), HttpStatusCode.BadRequest, "upcoming");
        await AssertProblemAsync(await platform.Client.GetAsync("/api/meetings?lang=de"), HttpStatusCode.BadRequest, "lang");
        await AssertProblemAsync(await platform.Client.GetAsync("/api/meetings?pageSize=1000"), HttpStatusCode.BadRequest, "pageSize");
        await AssertProblemAsync(await platform.Client.GetAsync("/api/meetings/no-such-meeting"), HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string, string?> BadMeetings => new()
    {
        { "endDate", "\"2020-01-01\"", "endDate" },
        { "registrationDeadline", "\"2000-01-01T00:00:00Z\"", "registrationDeadline" },
        { "capacity", "-1", "capacity" },
        { "delegationQuota", "-5", "delegationQuota" },
        { "kind", "\"party\"", "kind" },
        { "format", "\"telepathy\"", "format" },
        { "timeZone", "\"Mars/Olympus\"", "timeZone" },
        { "countryCode", "\"esp\"", "countryCode" },
        { "gcmObjectives", "[24]", "gcmObjectives" },
        { "frameworkCodes", "[\"cadiz-2099\"]", "frameworkCodes[0]" },
        { "themes", "[\"Not A Slug\"]", "themes[0]" },
        { "status", "\"cancelled\"", "status" },
        { "translations", "{}", "translations" },
        { "translations", "{\"de\":{\"title\":\"x\"}}", "translations.de" },
        { "agenda", "[{\"time\":\"25:00\",\"titles\":{\"fr\":\"x\"}}]", "agenda[0].time" },
    };

    [Theory]
    [MemberData(nameof(BadMeetings))]
    public async Task Bad_meetings_are_refused_with_a_problem_naming_the_field(string property, string json, string? field)
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var body = MeetingBody(TestApi.Unique("bad"), platform.Clock.GetUtcNow());
        body[property] = JsonNode.Parse(json);
        var response = await secretariat.PostAsJsonAsync("/api/meetings", body);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Empty(await EventsAsync<MeetingAnnounced>(platform));
        var list = await (await platform.Client.GetAsync("/api/meetings")).ReadJsonAsync();
        Assert.Equal(0, list.Total());
    }

    [Fact]
    public async Task Unknown_co_chairs_slug_conflicts_and_bodies_are_problems_in_the_callers_language()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var body = MeetingBody(TestApi.Unique("cc"), platform.Clock.GetUtcNow());
        body["coChairs"] = new JsonArray("ES", "XX");
        var unknown = await secretariat.PostAsJsonAsync("/api/meetings?lang=en", body);
        await AssertProblemAsync(unknown, HttpStatusCode.UnprocessableEntity, "coChairs");
        Assert.Contains("XX", (await unknown.ReadJsonAsync())["detail"]!.GetValue<string>());

        body["coChairs"] = new JsonArray("ES");
        await CreateMeetingAsync(secretariat, body);
        var again = await secretariat.PostAsJsonAsync("/api/meetings", body);
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "translations.fr.slug");
        Assert.Equal("Slug déjà utilisé", (await again.ReadJsonAsync())["title"]!.GetValue<string>());

        var malformed = await secretariat.PostAsync("/api/meetings", new StringContent("{\"startDate\":\"not a date\"}", System.Text.Encoding.UTF8, "application/json"));
        await AssertProblemAsync(malformed, HttpStatusCode.BadRequest);
        await AssertProblemAsync(await secretariat.PutAsJsonAsync($"/api/meetings/{Guid.NewGuid()}", body), HttpStatusCode.NotFound);
        var partner = await platform.ClientAsAsync("partner", "MA");
        await AssertProblemAsync(await partner.PostAsJsonAsync("/api/meetings", body), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Partner_copies_ignore_older_events()
    {
        var bus = platform.Meetings.Services.GetRequiredService<IBus>();
        var now = DateTimeOffset.UtcNow;
        await bus.Publish(new PartnerUpdated(Guid.NewGuid(), now.AddMinutes(1), new PartnerData(
            "SN", "country", "partner", new Dictionary<string, string> { ["fr"] = "Sénégal (nouveau)" }, null)));
        await TestApi.WaitUntilAsync(async () => await Name() == "Sénégal (nouveau)", TimeSpan.FromSeconds(15), "SN is known");
        var older = Guid.NewGuid();
        await bus.Publish(new PartnerRegistered(older, now, new PartnerData(
            "SN", "country", "partner", new Dictionary<string, string> { ["fr"] = "Sénégal (ancien)" }, null)));
        await bus.Publish(new PartnerUpdated(Guid.NewGuid(), now.AddMinutes(2), new PartnerData(
            "SN", "country", "observer", new Dictionary<string, string> { ["fr"] = "Sénégal" }, null)));
        await TestApi.WaitUntilAsync(async () => await Name() == "Sénégal", TimeSpan.FromSeconds(15), "the newest event wins");
        await TestApi.WaitUntilAsync(() => platform.InDbAsync<RabatPlatform.Meetings.Data.MeetingsDbContext, bool>(platform.Meetings.Services,
            db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.InboxMessages, m => m.MessageId == older)),
            TimeSpan.FromSeconds(15), "the older event was processed too");
        Assert.Equal("Sénégal", await Name());

        Task<string?> Name() => platform.InDbAsync<RabatPlatform.Meetings.Data.MeetingsDbContext, string?>(platform.Meetings.Services,
            async db => (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(db.Partners, p => p.Code == "SN"))?.Names["fr"]);
    }

    [Fact]
    public async Task A_reindex_request_reannounces_every_announced_meeting()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var (id, _) = await CreateMeetingAsync(secretariat, MeetingBody(TestApi.Unique("ri"), platform.Clock.GetUtcNow()));
        var planned = MeetingBody(TestApi.Unique("rp"), platform.Clock.GetUtcNow());
        planned["status"] = "planned";
        await CreateMeetingAsync(secretariat, planned);

        var rebuildId = Guid.NewGuid();
        await platform.Meetings.Services.GetRequiredService<IBus>().Publish(new SearchReindexRequested(Guid.NewGuid(), DateTimeOffset.UtcNow, rebuildId));
        var completed = Assert.Single(await WaitForEventsAsync<SearchReindexCompleted>(platform, e => e.RebuildId == rebuildId));
        Assert.Equal(1, completed.Count);
        Assert.Equal(["meeting"], completed.ItemTypes);
        var item = Assert.Single(await EventsAsync<SearchItemReannounced>(platform), e => e.RebuildId == rebuildId);
        Assert.Equal(id, item.ItemId);
        Assert.Contains("gcm-11", item.Themes);
    }
}
