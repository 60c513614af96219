using System.Net;
using System.Net.Http.Json;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Content;

/// <summary>The chairmanship history and the current chair, by the services' clock.</summary>
[Collection(ContentCollection.Name)]
public sealed class ReferenceChairmanshipsTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_current_chair_follows_the_clock()
    {
        // Reads go with a token so the gateway's cache does not hide the clock's move.
        var secretariat = await platform.ClientAsAsync("secretariat");
        await ReferenceApi.CreatePartnerAsync(secretariat, "ML", "Mali", "Mali");
        await ReferenceApi.CreatePartnerAsync(secretariat, "BE", "Belgique", "Belgium");

        await (await secretariat.GetAsync("/api/content/chairmanships/current")).AssertProblemAsync(HttpStatusCode.NotFound);

        var today = DateOnly.FromDateTime(platform.Clock.GetUtcNow().UtcDateTime);
        var mali = await secretariat.PostAsJsonAsync("/api/content/chairmanships", new { partnerCode = "ml", from = Day(today.AddDays(-400)), to = Day(today.AddDays(5)) });
        Assert.Equal(HttpStatusCode.Created, mali.StatusCode);
        var belgium = await secretariat.PostAsJsonAsync("/api/content/chairmanships", new { partnerCode = "BE", from = Day(today.AddDays(6)) });
        Assert.Equal(HttpStatusCode.Created, belgium.StatusCode);
        var belgiumId = (await belgium.ReadJsonAsync())["id"]!.GetValue<Guid>();

        var current = await (await secretariat.GetAsync("/api/content/chairmanships/current?lang=en")).ReadJsonAsync();
        Assert.Equal("ML", current["partnerCode"]!.GetValue<string>());
        Assert.True(current["current"]!.GetValue<bool>());

        // (Read before the clock moves: the outbox purges sent rows after 7 days.)
        var events = await platform.OutboxAsync("chairmanship.changed");
        Assert.Equal(["ML", "BE"], events.Select(e => e["partnerCode"]!.GetValue<string>()));
        Assert.Null(events[1]["to"]?.GetValue<string>());

        platform.Clock.Advance(TimeSpan.FromDays(7));
        current = await (await secretariat.GetAsync("/api/content/chairmanships/current?lang=en")).ReadJsonAsync();
        Assert.Equal("BE", current["partnerCode"]!.GetValue<string>());
        Assert.Equal("Belgium", current["partnerName"]!.GetValue<string>());
        Assert.Equal(belgiumId, current["id"]!.GetValue<Guid>());

        var history = await (await platform.Client.GetAsync("/api/content/chairmanships?lang=fr")).ReadJsonAsync();
        Assert.Equal(["BE", "ML"], history["items"]!.AsArray().Select(i => i!["partnerCode"]!.GetValue<string>()));
        Assert.Equal("Belgique", history["items"]![0]!["partnerName"]!.GetValue<string>());

        // Ending Belgium's term before today: no current chair any more.
        var ended = await secretariat.PutAsJsonAsync($"/api/content/chairmanships/{belgiumId}",
            new { partnerCode = "BE", from = Day(today.AddDays(6)), to = Day(today.AddDays(6)) });
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.False((await ended.ReadJsonAsync())["current"]!.GetValue<bool>());
        await (await secretariat.GetAsync("/api/content/chairmanships/current")).AssertProblemAsync(HttpStatusCode.NotFound);
        var last = (await platform.OutboxAsync("chairmanship.changed")).Last();
        Assert.Equal("BE", last["partnerCode"]!.GetValue<string>());
        Assert.Equal(Day(today.AddDays(6)), last["to"]!.GetValue<string>());
    }

    [Fact]
    public async Task Overlaps_unknown_partners_and_bad_dates_are_refused()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        await ReferenceApi.CreatePartnerAsync(secretariat, "ES", "Espagne", "Spain");
        await ReferenceApi.CreatePartnerAsync(secretariat, "MA", "Maroc", "Morocco");
        var spain = await secretariat.PostAsJsonAsync("/api/content/chairmanships", new { partnerCode = "ES", from = "2022-01-01", to = "2022-12-31" });
        Assert.Equal(HttpStatusCode.Created, spain.StatusCode);
        var spainId = (await spain.ReadJsonAsync())["id"]!.GetValue<Guid>();
        var morocco = await secretariat.PostAsJsonAsync("/api/content/chairmanships", new { partnerCode = "MA", from = "2023-01-01" });
        Assert.Equal(HttpStatusCode.Created, morocco.StatusCode);

        // Overlapping Spain's last day; open-ended after Morocco's open term; Spain's term stretched into Morocco's.
        var overlap = await secretariat.PostAsJsonAsync("/api/content/chairmanships", new { partnerCode = "MA", from = "2022-12-31", to = "2022-12-31" });
        Assert.NotNull((await overlap.AssertProblemAsync(HttpStatusCode.Conflict))["conflictingId"]);
        await (await secretariat.PostAsJsonAsync("/api/content/chairmanships", new { partnerCode = "ES", from = "2030-01-01" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await secretariat.PutAsJsonAsync($"/api/content/chairmanships/{spainId}", new { partnerCode = "ES", from = "2022-01-01", to = "2023-02-01" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        // Editing a term within its own dates is no overlap with itself.
        Assert.Equal(HttpStatusCode.OK, (await secretariat.PutAsJsonAsync($"/api/content/chairmanships/{spainId}",
            new { partnerCode = "ES", from = "2022-02-01", to = "2022-12-31" })).StatusCode);

        await (await secretariat.PostAsJsonAsync("/api/content/chairmanships", new { partnerCode = "ZZ", from = "2010-01-01", to = "2010-12-31" }))
            .AssertFieldErrorAsync("partnerCode");
        await (await secretariat.PostAsJsonAsync("/api/content/chairmanships", new { partnerCode = "ES", from = "2010-12-31", to = "2010-01-01" }))
            .AssertFieldErrorAsync("to");
        await (await secretariat.PostAsJsonAsync("/api/content/chairmanships", new { partnerCode = "ES" }))
            .AssertFieldErrorAsync("from");
        await (await secretariat.PostAsync("/api/content/chairmanships",
            new StringContent("{\"partnerCode\":\"ES\",\"from\":\"31/12/2010\"}", System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await secretariat.PutAsJsonAsync($"/api/content/chairmanships/{Guid.NewGuid()}", new { partnerCode = "ES", from = "2010-01-01" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        var history = await (await secretariat.GetAsync("/api/content/chairmanships")).ReadJsonAsync();
        Assert.Equal(2, history["total"]!.GetValue<int>());
        Assert.Equal(3, (await platform.OutboxAsync("chairmanship.changed")).Count);
    }

    [Fact]
    public async Task Concurrent_overlapping_terms_cannot_both_be_saved()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        await ReferenceApi.CreatePartnerAsync(secretariat, "FR", "France", "France");
        await ReferenceApi.CreatePartnerAsync(secretariat, "NG", "Nigeria", "Nigeria");
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            secretariat.PostAsJsonAsync("/api/content/chairmanships", new { partnerCode = i % 2 == 0 ? "FR" : "NG", from = $"2019-0{i + 1}-01", to = "2019-12-31" })));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var history = await (await secretariat.GetAsync("/api/content/chairmanships")).ReadJsonAsync();
        Assert.Equal(1, history["total"]!.GetValue<int>());
    }
}
