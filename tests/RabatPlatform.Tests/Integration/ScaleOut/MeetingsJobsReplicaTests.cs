using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features.Registrations;
using static RabatPlatform.Tests.Infrastructure.MeetingsTestApi;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.ScaleOut;

/// <summary>
/// The meetings jobs with two replicas on one database: registration-opened and deadline-approaching are written once
/// per meeting, an expired offer passes on once, and a meeting's personal data is erased once, whether the job lease
/// lets one pass run at a time or two passes overlap.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class MeetingsJobsReplicaTests(ScaleOutFixture fixture)
{
    [Fact]
    public async Task With_both_replicas_running_the_jobs_each_announcement_and_each_offer_expiry_happens_once()
    {
        var meetings = await fixture.MeetingsAsync();
        await PartnersAsync(meetings);

        // Registration open and the deadline in 3 days: both announcements are due at once.
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await MeetingAsync(meetings, capacity: 50));
        }

        await WaitForAsync<MeetingRegistrationDeadlineApproaching>(meetings, e => ids.Contains(e.MeetingId), ids.Count);
        await WaitForAsync<MeetingRegistrationOpened>(meetings, e => ids.Contains(e.MeetingId), ids.Count);

        // Offers: one seat, three delegates; the first cancels and the second is offered the seat. Its offer expires.
        var offers = new List<(Guid Meeting, Guid Offered, Guid Next)>();
        for (var i = 0; i < 3; i++)
        {
            offers.Add(await OfferAsync(meetings));
        }

        meetings.Clock.Advance(TimeSpan.FromHours(73));
        await WaitForAsync<RegistrationPromoted>(meetings, e => offers.Any(o => o.Next == e.Registration.RegistrationId), offers.Count);

        await Task.WhenAll(meetings.Hosts.Select(h => PlatformFixture.RoundsAsync<RegistrationsJobs>(h.Services, 3)));
        var opened = await EventsAsync<MeetingRegistrationOpened>(meetings);
        var reminded = await EventsAsync<MeetingRegistrationDeadlineApproaching>(meetings);
        Assert.All(ids, id =>
        {
            Assert.Single(opened, e => e.MeetingId == id);
            Assert.Single(reminded, e => e.MeetingId == id);
        });
        var cancelled = await EventsAsync<RegistrationCancelled>(meetings);
        var promoted = await EventsAsync<RegistrationPromoted>(meetings);
        Assert.All(offers, o =>
        {
            Assert.Single(cancelled, e => e.Registration.RegistrationId == o.Offered && e.CancelledBy == "offer-expired");
            Assert.Single(promoted, e => e.Registration.RegistrationId == o.Next);
        });
    }

    [Fact]
    public async Task Two_passes_at_once_announce_expire_and_erase_once()
    {
        // Without the lease (its connection lost mid-pass, say), two passes may overlap: the meeting's row lock and its
        // concurrency token make each change happen once.
        var meetings = await fixture.MeetingsAsync();
        await PartnersAsync(meetings);
        await using var holder = await LockHolder.TakeAsync(meetings.Database, RegistrationsJobs.JobName);
        var jobs = meetings.Hosts.Select(Replicas<MeetingsApiMarker>.Job<RegistrationsJobs>).ToList();

        var announced = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            announced.Add(await MeetingAsync(meetings, capacity: 50));
        }

        var offers = new List<(Guid Meeting, Guid Offered, Guid Next)>();
        for (var i = 0; i < 3; i++)
        {
            offers.Add(await OfferAsync(meetings));
        }

        async Task PassesAtOnceAsync()
        {
            for (var round = 0; round < 3; round++)
            {
                await Task.WhenAll(jobs.Select(j => j.RunOnceAsync(CancellationToken.None)));
            }
        }

        await PassesAtOnceAsync();
        meetings.Clock.Advance(TimeSpan.FromHours(73));
        await PassesAtOnceAsync();

        var opened = await EventsAsync<MeetingRegistrationOpened>(meetings);
        var reminded = await EventsAsync<MeetingRegistrationDeadlineApproaching>(meetings);
        Assert.All(announced, id => Assert.Single(reminded, e => e.MeetingId == id));
        Assert.All(announced.Concat(offers.Select(o => o.Meeting)), id => Assert.Single(opened, e => e.MeetingId == id));
        var cancelled = await EventsAsync<RegistrationCancelled>(meetings);
        var promoted = await EventsAsync<RegistrationPromoted>(meetings);
        Assert.All(offers, o =>
        {
            Assert.Single(cancelled, e => e.Registration.RegistrationId == o.Offered && e.CancelledBy == "offer-expired");
            Assert.Single(promoted, e => e.Registration.RegistrationId == o.Next);
        });

        // A hundred days on, the meetings have ended more than 30 days ago: their personal data is erased once.
        meetings.Clock.Advance(TimeSpan.FromDays(100));
        await PassesAtOnceAsync();
        var erased = await meetings.InDbAsync<MeetingsDbContext, List<(Guid, int)>>(async db =>
            (await db.DelegationCounts.Where(c => offers.Select(o => o.Meeting).Contains(c.MeetingId))
                .GroupBy(c => new { c.MeetingId, c.Status }).Select(g => new { g.Key.MeetingId, Rows = g.Count() }).ToListAsync())
            .Select(g => (g.MeetingId, g.Rows)).ToList());
        Assert.NotEmpty(erased);
        Assert.All(erased, g => Assert.Equal(1, g.Item2)); // one row per (meeting, partner, status): counted once
        Assert.Equal(0, await meetings.InDbAsync<MeetingsDbContext, int>(db =>
            db.Registrations.CountAsync(r => offers.Select(o => o.Meeting).Contains(r.MeetingId))));
        var erasures = await EventsAsync<PersonErasureRequested>(meetings);
        Assert.All(offers, o => Assert.Single(erasures, e => JsonSerializer.Serialize(e).Contains(o.Meeting.ToString(), StringComparison.Ordinal)));
    }

    private static async Task PartnersAsync(Replicas<MeetingsApiMarker> meetings)
    {
        if (await meetings.InDbAsync<MeetingsDbContext, bool>(db => db.Partners.AnyAsync(p => p.Code == "MA")))
        {
            return;
        }

        var bus = meetings[0].Services.GetRequiredService<IBus>();
        await bus.Publish(new PartnerRegistered(Guid.NewGuid(), DateTimeOffset.UtcNow, new PartnerData(
            "MA", "country", "partner", new Dictionary<string, string> { ["fr"] = "Maroc", ["en"] = "Morocco" }, null)));
        await TestApi.WaitUntilAsync(
            () => meetings.InDbAsync<MeetingsDbContext, bool>(db => db.Partners.AnyAsync(p => p.Code == "MA")),
            TimeSpan.FromSeconds(20), "the meetings replicas know partner MA");
    }

    /// <summary>An announced meeting, registration open, its deadline in 3 days (both announcements due) or in 30 (only the opening).</summary>
    private static async Task<Guid> MeetingAsync(Replicas<MeetingsApiMarker> meetings, int capacity, int deadlineDays = 3)
    {
        var now = meetings.Clock.GetUtcNow();
        var body = MeetingBody(TestApi.Unique("scale"), now);
        body["coChairs"] = new System.Text.Json.Nodes.JsonArray();
        body["capacity"] = capacity;
        body["registrationDeadline"] = now.AddDays(deadlineDays).ToString("O");
        using var secretariat = meetings.SecretariatClient();
        return (await CreateMeetingAsync(secretariat, body)).Id;
    }

    /// <summary>A meeting of one seat: a confirmed delegate cancels, the first waiting is offered the seat (72 h), a second waits.</summary>
    private static async Task<(Guid Meeting, Guid Offered, Guid Next)> OfferAsync(Replicas<MeetingsApiMarker> meetings)
    {
        var id = await MeetingAsync(meetings, capacity: 1, deadlineDays: 30);
        using var ma = meetings.Client(PlatformRoles.Partner, "MA");
        using var secretariat = meetings.SecretariatClient(1);
        var a = await RegisterAsync(ma, id, Delegate($"{TestApi.Unique("a")}@example.org"));
        var b = await RegisterAsync(ma, id, Delegate($"{TestApi.Unique("b")}@example.org"));
        var c = await RegisterAsync(ma, id, Delegate($"{TestApi.Unique("c")}@example.org"));
        Assert.Equal(HttpStatusCode.OK, (await secretariat.DeleteAsync($"/api/meetings/{id}/registrations/{a.Id()}")).StatusCode);
        return (id, b.Id(), c.Id());
    }

    private static async Task<List<T>> EventsAsync<T>(Replicas<MeetingsApiMarker> meetings)
        where T : IIntegrationEvent
    {
        var type = EventTypes.NameOf<T>();
        var payloads = await meetings.InDbAsync<MeetingsDbContext, List<string>>(db =>
            db.OutboxMessages.Where(m => m.Type == type).Select(m => m.Payload).ToListAsync());
        return payloads.Select(p => JsonSerializer.Deserialize<T>(p, TestApi.Json)!).ToList();
    }

    private static Task WaitForAsync<T>(Replicas<MeetingsApiMarker> meetings, Func<T, bool> match, int count)
        where T : IIntegrationEvent =>
        TestApi.WaitUntilAsync(async () => (await EventsAsync<T>(meetings)).Count(match) >= count,
            TimeSpan.FromSeconds(20), $"{count} {EventTypes.NameOf<T>()} event(s) are written");
}
