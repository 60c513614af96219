using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.MeetingsTestApi;

namespace RabatPlatform.Tests.Integration.Meetings;

/// <summary>
/// No answer to a partner reveals another delegation's delegates: a probe of another delegation's
/// registration, by id or by address, gets exactly what a probe of nothing at all gets.
/// </summary>
[Collection(MeetingsCollection.Name)]
public sealed class RegistrationPrivacyTests(PlatformFixture platform) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await platform.ResetAsync();
        await RegisterPartnersAsync(platform, "ES", "MA");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_partner_probing_another_delegations_address_or_id_learns_nothing()
    {
        var body = MeetingBody(TestApi.Unique("p"), platform.Clock.GetUtcNow());
        var (id, _) = await CreateMeetingAsync(await platform.ClientAsAsync("secretariat"), body);
        var ma = await platform.ClientAsAsync("partner", "MA");
        var es = await platform.ClientAsAsync("partner", "ES");
        var secretariat = await platform.ClientAsAsync("secretariat");
        var maAmina = await RegisterAsync(ma, id, Delegate("amina@example.org"));

        // By address: ES registering MA's delegate gets what registering an unknown address gets.
        var probe = await es.PostAsJsonAsync($"/api/meetings/{id}/registrations", Delegate("AMINA@example.org"));
        var unknown = await es.PostAsJsonAsync($"/api/meetings/{id}/registrations", Delegate("nobody@example.org"));
        Assert.Equal(HttpStatusCode.Created, unknown.StatusCode);
        Assert.Equal(unknown.StatusCode, probe.StatusCode);
        var (probeView, unknownView) = (await probe.ReadJsonAsync(), await unknown.ReadJsonAsync());
        Assert.Equal(Comparable(unknownView), Comparable(probeView));
        Assert.DoesNotContain("\"MA\"", probeView.ToJsonString(), StringComparison.Ordinal);

        // Inside one delegation a duplicate is still a 409 (it tells the partner nothing it does not know).
        await AssertProblemAsync(await ma.PostAsJsonAsync($"/api/meetings/{id}/registrations", Delegate("Amina@example.org")),
            HttpStatusCode.Conflict, "email");
        await AssertProblemAsync(await es.PostAsJsonAsync($"/api/meetings/{id}/registrations", Delegate("nobody@example.org")),
            HttpStatusCode.Conflict, "email");

        // By id: another delegation's registration is answered exactly like an id that does not exist.
        var (theirs, none) = (maAmina.Id(), Guid.NewGuid());
        foreach (var (method, suffix) in new[] { (HttpMethod.Get, ""), (HttpMethod.Delete, ""), (HttpMethod.Post, "/accept-offer") })
        {
            var other = await es.SendAsync(new HttpRequestMessage(method, $"/api/meetings/{id}/registrations/{theirs}{suffix}"));
            var nothing = await es.SendAsync(new HttpRequestMessage(method, $"/api/meetings/{id}/registrations/{none}{suffix}"));
            Assert.Equal(HttpStatusCode.NotFound, nothing.StatusCode);
            Assert.Equal(nothing.StatusCode, other.StatusCode);
            var (a, b) = (await other.ReadJsonAsync(), await nothing.ReadJsonAsync());
            Assert.Equal(b["title"]!.GetValue<string>(), a["title"]!.GetValue<string>());
            Assert.Equal(b["detail"]!.GetValue<string>().Replace(none.ToString(), "ID"), a["detail"]!.GetValue<string>().Replace(theirs.ToString(), "ID"));
        }

        // ES's list holds its own two registrations only, and nothing names delegation MA.
        foreach (var query in new[] { "", "?status=confirmed" })
        {
            var response = await es.GetAsync($"/api/meetings/{id}/registrations{query}");
            var text = await response.Content.ReadAsStringAsync();
            var list = JsonNode.Parse(text)!.AsObject();
            Assert.Equal(2, list.Total());
            Assert.All(list["items"]!.AsArray(), i => Assert.Equal("ES", i!["partnerCode"]!.GetValue<string>()));
            Assert.DoesNotContain("\"MA\"", text, StringComparison.Ordinal);
        }

        await AssertProblemAsync(await es.GetAsync($"/api/meetings/{id}/registrations.csv"), HttpStatusCode.Forbidden);

        // The Secretariat sees the person registered by two delegations, flagged on both, and decides.
        var all = await (await secretariat.GetAsync($"/api/meetings/{id}/registrations")).ReadJsonAsync();
        var flags = all["items"]!.AsArray().ToDictionary(i => i!["id"]!.GetValue<Guid>(), i => i!["alsoRegisteredBy"]?.AsArray()
            .Select(c => c!.GetValue<string>()).ToList() ?? []);
        Assert.Equal(["ES"], flags[theirs]);
        Assert.Equal(["MA"], flags[probeView.Id()]);
        Assert.Empty(flags[unknownView.Id()]);
        var one = await (await secretariat.GetAsync($"/api/meetings/{id}/registrations/{probeView.Id()}")).ReadJsonAsync();
        Assert.Equal(["MA"], one["alsoRegisteredBy"]!.AsArray().Select(c => c!.GetValue<string>()));
        // Once the Secretariat cancels one of them, the other is no longer flagged.
        Assert.Equal(HttpStatusCode.OK, (await secretariat.DeleteAsync($"/api/meetings/{id}/registrations/{probeView.Id()}")).StatusCode);
        var after = await (await secretariat.GetAsync($"/api/meetings/{id}/registrations/{theirs}")).ReadJsonAsync();
        Assert.Empty(after["alsoRegisteredBy"]?.AsArray() ?? []);
    }

    [Fact]
    public async Task The_csv_export_flags_a_person_registered_by_two_delegations_as_the_json_list_does()
    {
        var body = MeetingBody(TestApi.Unique("csv"), platform.Clock.GetUtcNow());
        var (id, _) = await CreateMeetingAsync(await platform.ClientAsAsync("secretariat"), body);
        var secretariat = await platform.ClientAsAsync("secretariat");
        var ma = await RegisterAsync(await platform.ClientAsAsync("partner", "MA"), id, Delegate("amina@example.org"));
        var es = await RegisterAsync(await platform.ClientAsAsync("partner", "ES"), id, Delegate("Amina@example.org"));
        var alone = await RegisterAsync(await platform.ClientAsAsync("partner", "ES"), id, Delegate("karim@example.org"));

        var csv = await (await secretariat.GetAsync($"/api/meetings/{id}/registrations.csv")).Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var column = Array.IndexOf(header, "alsoRegisteredBy");
        Assert.True(column >= 0, lines[0]);
        var flags = lines[1..].Select(l => l.Split(',')).ToDictionary(cells => Guid.Parse(cells[0]), cells => cells[column]);
        Assert.Equal("ES", flags[ma.Id()]);
        Assert.Equal("MA", flags[es.Id()]);
        Assert.Equal("", flags[alone.Id()]);
        var chosen = await (await secretariat.GetAsync($"/api/meetings/{id}/registrations.csv?columns=email,alsoRegisteredBy")).Content.ReadAsStringAsync();
        Assert.Contains("amina@example.org,ES\r\n", chosen, StringComparison.Ordinal);
    }

    /// <summary>A registration's answer without what differs between any two registrations (id, address, times).</summary>
    private static string Comparable(JsonObject view)
    {
        var copy = view.DeepClone().AsObject();
        foreach (var key in new[] { "id", "email", "createdAt", "updatedAt" })
        {
            copy.Remove(key);
        }

        return copy.ToJsonString();
    }
}
