using System.Net;
using System.Net.Http.Json;
using Xunit.Abstractions;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features.Registrations;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.MeetingsTestApi;

namespace RabatPlatform.Tests.Integration.Meetings;

/// <summary>Hundreds of parallel registrations at a small meeting, through the gateway: never overbooked, none lost.</summary>
[Collection(MeetingsCollection.Name)]
public sealed class RegistrationConcurrencyTests(PlatformFixture platform, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Capacity = 10;
    private const int Registrations = 300;
    private static readonly string[] Partners = ["MA", "ES", "SN", "FR", "ML", "NG"];

    public async Task InitializeAsync()
    {
        await platform.ResetAsync();
        await RegisterPartnersAsync(platform, Partners);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Parallel_registrations_never_overbook_and_none_is_lost()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var body = MeetingBody(TestApi.Unique("rush"), platform.Clock.GetUtcNow());
        body["capacity"] = Capacity;
        body["delegationQuota"] = null;
        var (id, _) = await CreateMeetingAsync(secretariat, body);
        var clients = new Dictionary<string, HttpClient>();
        foreach (var code in Partners)
        {
            clients[code] = await platform.ClientAsAsync("partner", code);
        }

        // Every request starts at once; one email is sent twice by one delegation (NG: i = 5 and the last) to race
        // the one-email rule too (the rule is per delegation: RegistrationPrivacyTests).
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, Registrations).Select(async i =>
        {
            var code = Partners[i % Partners.Length];
            var email = i == Registrations - 1 ? "delegate-5@example.org" : $"delegate-{i}@example.org";
            await start.WaitAsync();
            var response = await clients[code].PostAsJsonAsync($"/api/meetings/{id}/registrations", Delegate(email));
            return (i, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        start.Release(Registrations);
        var results = await Task.WhenAll(tasks);
        output.WriteLine($"{Registrations} parallel registrations through the gateway in {clock.ElapsedMilliseconds} ms");

        var created = results.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        var conflicts = results.Where(r => r.StatusCode == HttpStatusCode.Conflict).ToList();
        Assert.True(created.Count == Registrations - 1, string.Join("\n", results.Where(r => r.StatusCode != HttpStatusCode.Created).Select(r => $"{r.StatusCode} {r.Body}").Take(5)));
        Assert.Single(conflicts); // the duplicate email, whichever of the two came second

        var rows = await platform.InDbAsync<MeetingsDbContext, List<Registration>>(platform.Meetings.Services,
            db => db.Registrations.AsNoTracking().Where(r => r.MeetingId == id).OrderBy(r => r.Sequence).ToListAsync());
        Assert.Equal(Registrations - 1, rows.Count);
        Assert.Equal(Capacity, rows.Count(r => r.Status == RegistrationStatus.Confirmed));
        Assert.Equal(Registrations - 1 - Capacity, rows.Count(r => r.Status == RegistrationStatus.Waitlisted));
        // The first ten to arrive hold the seats; the waiting list is in arrival order with positions 1..N.
        Assert.All(rows.Take(Capacity), r => Assert.Equal(RegistrationStatus.Confirmed, r.Status));
        // Each waiting registration's announced position is its place in arrival order.
        var positions = (await EventsAsync<RegistrationWaitlisted>(platform)).ToDictionary(e => e.Registration.RegistrationId, e => e.Position);
        Assert.Equal(Enumerable.Range(1, Registrations - 1 - Capacity),
            rows.Where(r => r.Status == RegistrationStatus.Waitlisted).Select(r => positions[r.Id]));
        Assert.Equal(Registrations - 1, (await EventsAsync<RegistrationSubmitted>(platform)).Count);

        // A burst of cancellations and new registrations keeps the invariant.
        var confirmed = rows.Where(r => r.Status == RegistrationStatus.Confirmed).ToList();
        var churn = confirmed.Take(5).Select(r => clients[r.PartnerCode].DeleteAsync($"/api/meetings/{id}/registrations/{r.Id}"))
            .Concat(Enumerable.Range(0, 20).Select(i => clients[Partners[i % Partners.Length]]
                .PostAsJsonAsync($"/api/meetings/{id}/registrations", Delegate($"late-{i}@example.org"))));
        Assert.All(await Task.WhenAll(churn), r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        var after = await platform.InDbAsync<MeetingsDbContext, List<Registration>>(platform.Meetings.Services,
            db => db.Registrations.AsNoTracking().Where(r => r.MeetingId == id).ToListAsync());
        Assert.Equal(Capacity, after.Count(r => r.HoldsSeat));
        Assert.Equal(5, after.Count(r => r.Status == RegistrationStatus.Offered));
        Assert.Equal(Registrations - 1 + 20, after.Count);

        // Leave no backlog of events being dispatched behind for the next test's reset.
        await TestApi.WaitUntilAsync(
            async () => await platform.InDbAsync<MeetingsDbContext, bool>(platform.Meetings.Services,
                db => db.OutboxMessages.AllAsync(m => m.Status != RabatPlatform.Persistence.Outbox.OutboxStatus.Pending)),
            TimeSpan.FromMinutes(3), "the meetings outbox is drained");
    }

    [Fact]
    public async Task Parallel_registrations_keep_every_delegation_quota_and_one_address_per_delegation()
    {
        const int quota = 7;
        var secretariat = await platform.ClientAsAsync("secretariat");
        var body = MeetingBody(TestApi.Unique("quota-rush"), platform.Clock.GetUtcNow());
        body["capacity"] = 20;
        body["delegationQuota"] = quota;
        var (id, _) = await CreateMeetingAsync(secretariat, body);
        var clients = new Dictionary<string, HttpClient>();
        foreach (var code in Partners)
        {
            clients[code] = await platform.ClientAsAsync("partner", code);
        }

        // 20 per delegation, each address sent twice by its delegation, and MA's addresses also by ES (allowed: the rule
        // is per delegation).
        var requests = Partners.SelectMany(code => Enumerable.Range(0, 10).SelectMany(i => new[] { (Code: code, N: i), (Code: code, N: i) }))
            .Concat(Enumerable.Range(0, 10).Select(i => (Code: "ES", N: 100 + i)))
            .ToList();
        using var start = new SemaphoreSlim(0);
        var tasks = requests.Select(async r =>
        {
            await start.WaitAsync();
            var email = r.N >= 100 ? $"MA-{r.N - 100}@example.org" : $"{r.Code}-{r.N}@example.org";
            var response = await clients[r.Code].PostAsJsonAsync($"/api/meetings/{id}/registrations", Delegate(email));
            return (r.Code, email, response.StatusCode);
        }).ToList();
        start.Release(requests.Count);
        var results = await Task.WhenAll(tasks);

        Assert.DoesNotContain(results, r => (int)r.StatusCode >= 500);
        var rows = await platform.InDbAsync<MeetingsDbContext, List<Registration>>(platform.Meetings.Services,
            db => db.Registrations.AsNoTracking().Where(r => r.MeetingId == id).OrderBy(r => r.Sequence).ToListAsync());
        Assert.Equal(rows.Count, results.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(rows.GroupBy(r => r.PartnerCode), g => Assert.Equal(quota, g.Count()));
        Assert.All(rows.GroupBy(r => (r.PartnerCode, r.Email)), g => Assert.Single(g));
        Assert.Equal(20, rows.Count(r => r.HoldsSeat));
        Assert.All(rows.Take(20), r => Assert.Equal(RegistrationStatus.Confirmed, r.Status));
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.Created),
            r => Assert.True(r.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, r.StatusCode.ToString()));

        await TestApi.WaitUntilAsync(
            async () => await platform.InDbAsync<MeetingsDbContext, bool>(platform.Meetings.Services,
                db => db.OutboxMessages.AllAsync(m => m.Status != RabatPlatform.Persistence.Outbox.OutboxStatus.Pending)),
            TimeSpan.FromMinutes(3), "the meetings outbox is drained");
    }
}
