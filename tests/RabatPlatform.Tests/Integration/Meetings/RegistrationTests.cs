using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Features.Registrations;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.MeetingsTestApi;

namespace RabatPlatform.Tests.Integration.Meetings;

/// <summary>Registration of delegates: every transition, the waiting list and its offers, windows, quotas, privacy.</summary>
[Collection(MeetingsCollection.Name)]
public sealed class RegistrationTests(PlatformFixture platform) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await platform.ResetAsync();
        await RegisterPartnersAsync(platform, "ES", "MA", "SN");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private JsonObject? lastBody;

    private async Task<Guid> MeetingAsync(Action<JsonObject>? tweak = null)
    {
        var body = MeetingBody(TestApi.Unique("r"), platform.Clock.GetUtcNow());
        tweak?.Invoke(body);
        lastBody = body;
        return (await CreateMeetingAsync(await platform.ClientAsAsync("secretariat"), body)).Id;
    }

    [Fact]
    public async Task Without_moderation_a_registration_is_confirmed_with_events_carrying_the_delegates_language_and_email()
    {
        var id = await MeetingAsync();
        var ma = await platform.ClientAsAsync("partner", "MA");
        var counted = MetricCollector.Total("rabat.registrations");
        var created = await RegisterAsync(ma, id, Delegate("amina@example.org", language: "en"));
        Assert.Equal("confirmed", created.Status());
        Assert.Equal(counted + 2, MetricCollector.Total("rabat.registrations")); // submitted, confirmed
        Assert.Equal("MA", created["partnerCode"]!.GetValue<string>());
        Assert.Null(created["dietaryNotes"]); // the Secretariat's only

        var submitted = Assert.Single(await EventsAsync<RegistrationSubmitted>(platform));
        Assert.Equal("amina@example.org", submitted.Registration.Email);
        Assert.Equal("en", submitted.Registration.Language);
        Assert.Equal("Europe/Madrid", submitted.Registration.Meeting.TimeZone);
        Assert.Equal("Madrid", submitted.Registration.Meeting.City);
        Assert.Contains("fr", submitted.Registration.Meeting.Titles.Keys);
        var confirmed = Assert.Single(await EventsAsync<RegistrationConfirmed>(platform));
        Assert.Equal(created.Id(), confirmed.Registration.RegistrationId);
        Assert.Equal("confirmed", confirmed.Registration.Status);
    }

    [Fact]
    public async Task With_moderation_the_secretariat_confirms_or_rejects_pending_registrations()
    {
        var id = await MeetingAsync(b => b["moderated"] = true);
        var ma = await platform.ClientAsAsync("partner", "MA");
        var secretariat = await platform.ClientAsAsync("secretariat");
        var first = await RegisterAsync(ma, id, Delegate("one@example.org"));
        var second = await RegisterAsync(ma, id, Delegate("two@example.org"));
        Assert.Equal("pending", first.Status());
        Assert.Empty(await EventsAsync<RegistrationConfirmed>(platform));

        // Partners do not moderate.
        await AssertProblemAsync(await ma.PostAsync($"/api/meetings/{id}/registrations/{first.Id()}/confirm", null), HttpStatusCode.Forbidden);

        var confirmed = await PostAsync(secretariat, $"/api/meetings/{id}/registrations/{first.Id()}/confirm");
        Assert.Equal("confirmed", confirmed.Status());
        Assert.Single(await EventsAsync<RegistrationConfirmed>(platform));
        var rejected = await PostAsync(secretariat, $"/api/meetings/{id}/registrations/{second.Id()}/reject", body: new { reason = "Hors délégation" });
        Assert.Equal("rejected", rejected.Status());
        Assert.Equal("Hors délégation", Assert.Single(await EventsAsync<RegistrationRejected>(platform)).Reason);

        // Transitions from the wrong state are conflicts.
        await AssertProblemAsync(await secretariat.PostAsync($"/api/meetings/{id}/registrations/{first.Id()}/confirm", null), HttpStatusCode.Conflict);
        await AssertProblemAsync(await secretariat.PostAsync($"/api/meetings/{id}/registrations/{second.Id()}/reject", null), HttpStatusCode.Conflict);
        await AssertProblemAsync(await ma.PostAsync($"/api/meetings/{id}/registrations/{first.Id()}/accept-offer", null), HttpStatusCode.Conflict);
        await AssertProblemAsync(await ma.DeleteAsync($"/api/meetings/{id}/registrations/{second.Id()}"), HttpStatusCode.Conflict);
        await AssertProblemAsync(await secretariat.PostAsync($"/api/meetings/{id}/registrations/{Guid.NewGuid()}/confirm", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Over_capacity_delegates_wait_in_arrival_order_and_a_freed_seat_is_offered_then_accepted()
    {
        var id = await MeetingAsync(b => b["capacity"] = 2);
        var ma = await platform.ClientAsAsync("partner", "MA");
        var es = await platform.ClientAsAsync("partner", "ES");
        var a = await RegisterAsync(ma, id, Delegate("a@example.org"));
        await RegisterAsync(es, id, Delegate("b@example.org"));
        var c = await RegisterAsync(es, id, Delegate("c@example.org"));
        var d = await RegisterAsync(ma, id, Delegate("d@example.org"));
        Assert.Equal(["confirmed", "waitlisted", "waitlisted"], new[] { a, c, d }.Select(x => x.Status()));
        Assert.Equal(1, c["position"]!.GetValue<int>());
        Assert.Equal(2, d["position"]!.GetValue<int>());
        Assert.Equal([1, 2], (await EventsAsync<RegistrationWaitlisted>(platform)).Select(e => e.Position));

        // MA cancels its confirmed delegate: the first waiting (ES's c) is offered the seat for 72 h.
        var cancelled = await ma.DeleteAsync($"/api/meetings/{id}/registrations/{a.Id()}");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("partner", Assert.Single(await EventsAsync<RegistrationCancelled>(platform)).CancelledBy);
        var promoted = Assert.Single(await EventsAsync<RegistrationPromoted>(platform));
        Assert.Equal(c.Id(), promoted.Registration.RegistrationId);
        Assert.InRange(promoted.OfferExpiresAt - platform.Clock.GetUtcNow(), TimeSpan.FromHours(71), TimeSpan.FromHours(72));

        var offered = await (await es.GetAsync($"/api/meetings/{id}/registrations/{c.Id()}")).ReadJsonAsync();
        Assert.Equal("offered", offered.Status());
        var stillWaiting = await (await ma.GetAsync($"/api/meetings/{id}/registrations/{d.Id()}")).ReadJsonAsync();
        Assert.Equal(1, stillWaiting["position"]!.GetValue<int>());

        var accepted = await PostAsync(es, $"/api/meetings/{id}/registrations/{c.Id()}/accept-offer");
        Assert.Equal("confirmed", accepted.Status());
        var secretariat = await platform.ClientAsAsync("secretariat");
        var list = await (await secretariat.GetAsync($"/api/meetings/{id}/registrations")).ReadJsonAsync();
        Assert.Equal(2, list["seatsTaken"]!.GetValue<int>());

        // More seats: the Secretariat raises the capacity and the next waiting delegate (d) is offered one.
        var edit = lastBody!.DeepClone().AsObject();
        edit["capacity"] = 3;
        Assert.Equal(HttpStatusCode.OK, (await secretariat.PutAsJsonAsync($"/api/meetings/{id}", edit)).StatusCode);
        var promotions = await EventsAsync<RegistrationPromoted>(platform);
        Assert.Equal([c.Id(), d.Id()], promotions.Select(p => p.Registration.RegistrationId));
        Assert.Equal("offered", (await (await ma.GetAsync($"/api/meetings/{id}/registrations/{d.Id()}")).ReadJsonAsync()).Status());
    }

    [Fact]
    public async Task An_expired_offer_passes_to_the_next_waiting_delegate()
    {
        var id = await MeetingAsync(b => b["capacity"] = 1);
        var ma = await platform.ClientAsAsync("partner", "MA");
        var secretariat = await platform.ClientAsAsync("secretariat");
        var a = await RegisterAsync(ma, id, Delegate("a@example.org"));
        var b = await RegisterAsync(ma, id, Delegate("b@example.org"));
        var c = await RegisterAsync(ma, id, Delegate("c@example.org"));
        var cancelled = await secretariat.DeleteAsync($"/api/meetings/{id}/registrations/{a.Id()}");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(b.Id(), Assert.Single(await EventsAsync<RegistrationPromoted>(platform)).Registration.RegistrationId);

        platform.Clock.Advance(TimeSpan.FromHours(73));
        var promotions = await WaitForEventsAsync<RegistrationPromoted>(platform, _ => true, count: 2);
        Assert.Equal(c.Id(), promotions[1].Registration.RegistrationId);
        var expired = Assert.Single(await EventsAsync<RegistrationCancelled>(platform), e => e.CancelledBy == "offer-expired");
        Assert.Equal(b.Id(), expired.Registration.RegistrationId);
        await AssertProblemAsync(await ma.PostAsync($"/api/meetings/{id}/registrations/{b.Id()}/accept-offer", null), HttpStatusCode.Conflict);
        Assert.Equal("confirmed", (await PostAsync(ma, $"/api/meetings/{id}/registrations/{c.Id()}/accept-offer")).Status());
    }

    [Fact]
    public async Task Registration_is_refused_before_opening_and_after_the_deadline_with_a_bilingual_reason()
    {
        var now = platform.Clock.GetUtcNow();
        var id = await MeetingAsync(b =>
        {
            b["registrationOpensAt"] = now.AddDays(2).ToString("O");
            b["registrationDeadline"] = now.AddDays(10).ToString("O");
        });
        var ma = await platform.ClientAsAsync("partner", "MA");
        var early = await ma.PostAsJsonAsync($"/api/meetings/{id}/registrations?lang=en", Delegate("early@example.org"));
        await AssertProblemAsync(early, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Registration not open yet", (await early.ReadJsonAsync())["title"]!.GetValue<string>());

        platform.Clock.Advance(TimeSpan.FromDays(3));
        await RegisterAsync(ma, id, Delegate("ontime@example.org"));
        var opened = Assert.Single(await WaitForEventsAsync<MeetingRegistrationOpened>(platform, e => e.MeetingId == id));
        Assert.Equal(now.AddDays(2).ToUnixTimeSeconds(), opened.OpensAt.ToUnixTimeSeconds());
        // Seven days before the deadline (configured), once.
        var approaching = Assert.Single(await WaitForEventsAsync<MeetingRegistrationDeadlineApproaching>(platform, e => e.MeetingId == id));
        Assert.Equal(7, approaching.DaysLeft);

        platform.Clock.Advance(TimeSpan.FromDays(8));
        var late = await ma.PostAsJsonAsync($"/api/meetings/{id}/registrations", Delegate("late@example.org"));
        await AssertProblemAsync(late, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Inscriptions closes", (await late.ReadJsonAsync())["title"]!.GetValue<string>());
        await PlatformFixture.RoundsAsync<RegistrationsJobs>(platform.Meetings.Services);
        Assert.Single(await EventsAsync<MeetingRegistrationDeadlineApproaching>(platform));
        Assert.Single(await EventsAsync<RegistrationSubmitted>(platform));
    }

    [Fact]
    public async Task Quota_unknown_partner_wrong_delegation_and_bad_fields_are_refused_without_writing()
    {
        var id = await MeetingAsync(b => b["delegationQuota"] = 1);
        var ma = await platform.ClientAsAsync("partner", "MA");
        var secretariat = await platform.ClientAsAsync("secretariat");
        await RegisterAsync(ma, id, Delegate("one@example.org"));

        await AssertProblemAsync(await ma.PostAsJsonAsync($"/api/meetings/{id}/registrations", Delegate("two@example.org")),
            HttpStatusCode.UnprocessableEntity, "partnerCode");
        var es = await platform.ClientAsAsync("partner", "ES");
        // A duplicate email inside one delegation is a 409; across delegations it is no answer at all (RegistrationPrivacyTests).
        var unknown = await platform.ClientAsAsync("partner", "ZZ");
        await AssertProblemAsync(await unknown.PostAsJsonAsync($"/api/meetings/{id}/registrations", Delegate("z@example.org")),
            HttpStatusCode.UnprocessableEntity, "partnerCode");
        await AssertProblemAsync(await secretariat.PostAsJsonAsync($"/api/meetings/{id}/registrations", Delegate("s@example.org", "QQ")),
            HttpStatusCode.UnprocessableEntity, "partnerCode");
        await AssertProblemAsync(await secretariat.PostAsJsonAsync($"/api/meetings/{id}/registrations", Delegate("s@example.org")),
            HttpStatusCode.BadRequest, "partnerCode");
        // A partner registers its own delegation only.
        await AssertProblemAsync(await es.PostAsJsonAsync($"/api/meetings/{id}/registrations", Delegate("e@example.org", "MA")),
            HttpStatusCode.Forbidden);

        await AssertProblemAsync(await es.PostAsJsonAsync($"/api/meetings/{id}/registrations", new { }), HttpStatusCode.BadRequest, "givenName");
        var bad = new JsonObject
        {
            ["givenName"] = "A", ["familyName"] = "B", ["email"] = "not-an-email", ["language"] = "de",
            ["participation"] = "teleport", ["workingGroup"] = "wg-none", ["dietaryNotes"] = new string('x', 1001),
        };
        var response = await es.PostAsJsonAsync($"/api/meetings/{id}/registrations", bad);
        foreach (var field in new[] { "email", "language", "participation", "workingGroup", "dietaryNotes" })
        {
            await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        }

        await AssertProblemAsync(await es.PostAsJsonAsync($"/api/meetings/{Guid.NewGuid()}/registrations", Delegate("x@example.org")), HttpStatusCode.NotFound);
        Assert.Single(await EventsAsync<RegistrationSubmitted>(platform));

        // The Secretariat registers for any known delegation, and a cancelled email may register again.
        var forSn = await RegisterAsync(secretariat, id, Delegate("sn@example.org", "SN"));
        Assert.Equal("SN", forSn["partnerCode"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await secretariat.DeleteAsync($"/api/meetings/{id}/registrations/{forSn.Id()}")).StatusCode);
        await RegisterAsync(secretariat, id, Delegate("sn@example.org", "SN"));
    }

    [Fact]
    public async Task Partners_never_see_or_change_another_delegations_registrations()
    {
        var id = await MeetingAsync(b => b["capacity"] = 1);
        var ma = await platform.ClientAsAsync("partner", "MA");
        var es = await platform.ClientAsAsync("partner", "ES");
        var secretariat = await platform.ClientAsAsync("secretariat");
        var mine = await RegisterAsync(ma, id, Delegate("ma@example.org"));
        var theirs = await RegisterAsync(es, id, Delegate("es@example.org"));

        var maList = await (await ma.GetAsync($"/api/meetings/{id}/registrations")).ReadJsonAsync();
        Assert.Equal([mine.Id()], maList.Ids());
        Assert.Equal(["MA"], maList["delegations"]!.AsArray().Select(d => d!["partnerCode"]!.GetValue<string>()));
        Assert.Null(maList["items"]![0]!["dietaryNotes"]);
        await AssertProblemAsync(await ma.GetAsync($"/api/meetings/{id}/registrations/{theirs.Id()}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await ma.DeleteAsync($"/api/meetings/{id}/registrations/{theirs.Id()}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await ma.PostAsync($"/api/meetings/{id}/registrations/{theirs.Id()}/accept-offer", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await ma.GetAsync($"/api/meetings/{id}/registrations.csv"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await platform.Client.GetAsync($"/api/meetings/{id}/registrations"), HttpStatusCode.Unauthorized);

        var all = await (await secretariat.GetAsync($"/api/meetings/{id}/registrations")).ReadJsonAsync();
        Assert.Equal(2, all.Total());
        Assert.Equal("Végétarienne", all["items"]![0]!["dietaryNotes"]!.GetValue<string>());
        Assert.Equal("Fauteuil roulant", all["items"]![0]!["accessibilityNotes"]!.GetValue<string>());
        Assert.Equal(1, all["items"]![1]!["position"]!.GetValue<int>());
        var waiting = await (await secretariat.GetAsync($"/api/meetings/{id}/registrations?status=waitlisted")).ReadJsonAsync();
        Assert.Equal([theirs.Id()], waiting.Ids());
        await AssertProblemAsync(await secretariat.GetAsync($"/api/meetings/{id}/registrations?status=lost"), HttpStatusCode.BadRequest, "status");
    }

    [Fact]
    public async Task The_registration_form_is_data_in_both_languages()
    {
        var id = await MeetingAsync();
        var form = await (await platform.Client.GetAsync($"/api/meetings/{id}/registration-form")).ReadJsonAsync();
        var fields = form["fields"]!.AsArray().Select(f => f!.AsObject()).ToList();
        Assert.Equal(["givenName", "familyName", "email", "function", "organisation", "language", "participation", "workingGroup", "visaLetter", "dietaryNotes", "accessibilityNotes"],
            fields.Select(f => f["name"]!.GetValue<string>()));
        Assert.All(fields, f =>
        {
            Assert.False(string.IsNullOrEmpty(f["labels"]!["fr"]!.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(f["labels"]!["en"]!.GetValue<string>()));
        });
        var participation = fields.Single(f => f["name"]!.GetValue<string>() == "participation");
        Assert.True(participation["required"]!.GetValue<bool>());
        Assert.Equal(["in-person", "online"], participation["options"]!.AsArray().Select(o => o!["value"]!.GetValue<string>()));
        Assert.Equal("secretariat", fields.Single(f => f["name"]!.GetValue<string>() == "dietaryNotes")["visibleTo"]!.GetValue<string>());

        var webinar = await MeetingAsync(b =>
        {
            b["format"] = "virtual";
            b["workingGroups"] = new JsonArray();
            b["translations"]!["fr"]!["title"] = TestApi.Unique("Webinaire");
            b["translations"]!["en"]!["title"] = TestApi.Unique("Webinar");
        });
        var webinarForm = await (await platform.Client.GetAsync($"/api/meetings/{webinar}/registration-form")).ReadJsonAsync();
        var names = webinarForm["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain("participation", names);
        Assert.DoesNotContain("visaLetter", names);
        await AssertProblemAsync(await platform.Client.GetAsync($"/api/meetings/{Guid.NewGuid()}/registration-form"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cancelling_a_meeting_cancels_its_registrations()
    {
        var id = await MeetingAsync();
        var ma = await platform.ClientAsAsync("partner", "MA");
        await RegisterAsync(ma, id, Delegate("a@example.org"));
        await RegisterAsync(ma, id, Delegate("b@example.org"));
        await PostAsync(await platform.ClientAsAsync("secretariat"), $"/api/meetings/{id}/cancel");
        Assert.Equal(2, (await EventsAsync<RegistrationCancelled>(platform)).Count(e => e.CancelledBy == "meeting-cancelled"));
        var refused = await ma.PostAsJsonAsync($"/api/meetings/{id}/registrations", Delegate("c@example.org"));
        await AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Personal_data_is_erased_after_the_retention_and_only_counts_per_delegation_remain()
    {
        var id = await MeetingAsync();
        var ma = await platform.ClientAsAsync("partner", "MA");
        var es = await platform.ClientAsAsync("partner", "ES");
        var secretariat = await platform.ClientAsAsync("secretariat");
        await RegisterAsync(ma, id, Delegate("a@example.org"));
        var b = await RegisterAsync(ma, id, Delegate("b@example.org"));
        await RegisterAsync(es, id, Delegate("c@example.org"));
        Assert.Equal(HttpStatusCode.OK, (await ma.DeleteAsync($"/api/meetings/{id}/registrations/{b.Id()}")).StatusCode);

        // The meeting ends in 61 days; retention is 30 days in tests. Not yet erased at 80 days.
        platform.Clock.Advance(TimeSpan.FromDays(80));
        await PlatformFixture.RoundsAsync<RegistrationsJobs>(platform.Meetings.Services);
        Assert.Equal(3, (await (await secretariat.GetAsync($"/api/meetings/{id}/registrations")).ReadJsonAsync()).Total());

        platform.Clock.Advance(TimeSpan.FromDays(20));
        JsonObject list = [];
        await TestApi.WaitUntilAsync(async () =>
        {
            list = await (await secretariat.GetAsync($"/api/meetings/{id}/registrations")).ReadJsonAsync();
            return list["personalDataErasedAt"] is not null;
        }, TimeSpan.FromSeconds(15), "the personal data is erased");
        Assert.Equal(0, list.Total());
        var delegations = list["delegations"]!.AsArray().ToDictionary(d => d!["partnerCode"]!.GetValue<string>(), d => d!);
        Assert.Equal(2, delegations["MA"]!["total"]!.GetValue<int>());
        Assert.Equal(1, delegations["MA"]!["counts"]!["cancelled"]!.GetValue<int>());
        Assert.Equal(1, delegations["ES"]!["counts"]!["confirmed"]!.GetValue<int>());
        var maOnly = await (await ma.GetAsync($"/api/meetings/{id}/registrations")).ReadJsonAsync();
        Assert.Equal(["MA"], maOnly["delegations"]!.AsArray().Select(d => d!["partnerCode"]!.GetValue<string>()));

        var csv = await (await secretariat.GetAsync($"/api/meetings/{id}/registrations.csv")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("example.org", csv);
        var remaining = await platform.InDbAsync<RabatPlatform.Meetings.Data.MeetingsDbContext, int>(platform.Meetings.Services,
            db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Registrations));
        Assert.Equal(0, remaining);
    }
}
