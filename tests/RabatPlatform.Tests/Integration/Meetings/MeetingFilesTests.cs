using System.Net;
using System.Text;
using Ical.Net;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.MeetingsTestApi;

namespace RabatPlatform.Tests.Integration.Meetings;

/// <summary>The iCalendar files parse back with Ical.Net; the CSV export is UTF-8 with BOM, RFC 4180, formula-safe.</summary>
[Collection(MeetingsCollection.Name)]
public sealed class MeetingFilesTests(PlatformFixture platform) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await platform.ResetAsync();
        await RegisterPartnersAsync(platform, "ES", "MA");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Calendar_files_parse_with_the_meeting_and_its_registration_deadline()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var now = platform.Clock.GetUtcNow();
        var body = MeetingBody(TestApi.Unique("ics"), now);
        var (id, _) = await CreateMeetingAsync(secretariat, body);
        var other = MeetingBody(TestApi.Unique("ics2"), now);
        other["format"] = "virtual";
        var (otherId, _) = await CreateMeetingAsync(secretariat, other);

        var response = await platform.Client.GetAsync($"/api/meetings/{id}/calendar.ics?lang=en");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var calendar = Calendar.Load(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(2, calendar.Events.Count);
        var meeting = calendar.Events.Single(e => e.Uid == $"{id}@meetings.rabat-process.org");
        Assert.StartsWith("Thematic meeting on border management", meeting.Summary);
        Assert.Equal("Madrid, ES", meeting.Location);
        var start = DateOnly.FromDateTime(now.UtcDateTime).AddDays(60);
        Assert.False(meeting.DtStart!.HasTime);
        Assert.Equal(start.ToDateTime(TimeOnly.MinValue), meeting.DtStart.Value);
        Assert.Equal(start.AddDays(2).ToDateTime(TimeOnly.MinValue), meeting.DtEnd!.Value);
        var deadline = calendar.Events.Single(e => e.Uid!.Contains("registration-deadline", StringComparison.Ordinal));
        Assert.StartsWith("Registration deadline", deadline.Summary);
        Assert.Equal(now.AddDays(30).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss"), deadline.DtStart!.AsUtc.ToString("yyyy-MM-ddTHH:mm:ss"));

        var all = Calendar.Load(await (await platform.Client.GetAsync("/api/meetings/calendar.ics")).Content.ReadAsStringAsync())!;
        Assert.Equal(4, all.Events.Count);
        Assert.Contains(all.Events, e => e.Uid == $"{otherId}@meetings.rabat-process.org" && e.Location == "En ligne");

        await AssertProblemAsync(await platform.Client.GetAsync($"/api/meetings/{Guid.NewGuid()}/calendar.ics"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await platform.Client.GetAsync($"/api/meetings/{id}/calendar.ics?lang=xx"), HttpStatusCode.BadRequest, "lang");
    }

    [Fact]
    public async Task The_csv_export_opens_in_a_spreadsheet_and_neutralises_formulas()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var (id, _) = await CreateMeetingAsync(secretariat, MeetingBody(TestApi.Unique("csv"), platform.Clock.GetUtcNow()));
        var ma = await platform.ClientAsAsync("partner", "MA");
        await RegisterAsync(ma, id, new
        {
            givenName = "=HYPERLINK(\"http://evil\")",
            familyName = "Benali, \"Jr\"",
            email = "benali@example.org",
            function = "-2+3",
            organisation = "Ministère de l'Intérieur\nDirection des migrations",
            language = "fr",
            participation = "online",
            dietaryNotes = "@SUM(A1)",
        });

        var response = await secretariat.GetAsync($"/api/meetings/{id}/registrations.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n");
        Assert.StartsWith("id,partnerCode,status,givenName,familyName,email,", lines[0]);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", text);
        Assert.Contains("\"Benali, \"\"Jr\"\"\"", text);
        Assert.Contains(",'-2+3,", text);
        Assert.Contains("\"Ministère de l'Intérieur\nDirection des migrations\"", text);
        Assert.Contains("'@SUM(A1)", text);

        var some = await secretariat.GetAsync($"/api/meetings/{id}/registrations.csv?columns=familyName,email,status");
        var someText = Encoding.UTF8.GetString((await some.Content.ReadAsByteArrayAsync())[3..]);
        Assert.Equal("familyName,email,status\r\n\"Benali, \"\"Jr\"\"\",benali@example.org,confirmed\r\n", someText);

        await AssertProblemAsync(await secretariat.GetAsync($"/api/meetings/{id}/registrations.csv?columns=email,password"), HttpStatusCode.BadRequest, "columns");
        await AssertProblemAsync(await secretariat.GetAsync($"/api/meetings/{Guid.NewGuid()}/registrations.csv"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await ma.GetAsync($"/api/meetings/{id}/registrations.csv"), HttpStatusCode.Forbidden);
    }
}
