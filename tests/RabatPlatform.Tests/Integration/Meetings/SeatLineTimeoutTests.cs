using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Tests.Infrastructure;
using RabatPlatform.Tests.Integration.ScaleOut;
using static RabatPlatform.Tests.Infrastructure.MeetingsTestApi;

namespace RabatPlatform.Tests.Integration.Meetings;

/// <summary>
/// New registrations wait in their meeting's seat line instead of the write gate: one that waited longer than
/// <c>Meetings:WriteQueueTimeout</c> is answered 503 with <c>Retry-After</c> and is not stored, while the one whose
/// batch was already being decided is stored. A meetings service of its own (a 1 s timeout) on its own database.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class SeatLineTimeoutTests
{
    [Fact]
    public async Task A_registration_that_waited_in_its_seat_line_past_the_timeout_gets_a_503_with_retry_after_and_is_not_stored()
    {
        await using var meetings = await Replicas<MeetingsApiMarker>.StartAsync<MeetingsDbContext>(ResourceNames.MeetingsDb, o => new(o),
            new Dictionary<string, string?>(ServiceTestSettings.Meetings()) { ["Meetings:WriteQueueTimeout"] = "00:00:01" }, count: 1);
        await using var database = NpgsqlDataSource.Create(meetings.Database);
        await database.CreateCommand("""
            INSERT INTO partners (code, type, status, names, source_time)
            VALUES ('MA', 'country', 'partner', '{"fr":"Maroc","en":"Morocco"}'::jsonb, now())
            """).ExecuteNonQueryAsync();
        var body = MeetingBody(TestApi.Unique("line"), meetings.Clock.GetUtcNow());
        body["coChairs"] = new System.Text.Json.Nodes.JsonArray();
        body["capacity"] = 10;
        using var secretariat = meetings.SecretariatClient();
        var (id, _) = await CreateMeetingAsync(secretariat, body);
        using var ma = meetings.Client(PlatformRoles.Partner, "MA");

        // The test holds the meeting's row lock: the first registration's batch waits for it, the second waits in the
        // line behind that batch, past its 1 s.
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockMeeting = new NpgsqlCommand($"SELECT id FROM meetings WHERE id = '{id}' FOR UPDATE", connection, transaction))
        {
            await lockMeeting.ExecuteNonQueryAsync();
        }

        var first = ma.PostAsJsonAsync($"/api/meetings/{id}/registrations", Delegate("first@example.org"));
        await TestApi.WaitUntilAsync(async () =>
        {
            await using var waiting = database.CreateCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'");
            return (long)(await waiting.ExecuteScalarAsync())! > 0;
        }, TimeSpan.FromSeconds(20), "the first registration's batch waits for the meeting's lock");
        var second = ma.PostAsJsonAsync($"/api/meetings/{id}/registrations", Delegate("second@example.org"));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await transaction.RollbackAsync();

        using var stored = await first;
        using var busy = await second;
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
        Assert.Equal("5", busy.Headers.RetryAfter?.ToString());
        await using var count = database.CreateCommand($"SELECT email FROM registrations WHERE meeting_id = '{id}'");
        var emails = new List<string>();
        await using (var reader = await count.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                emails.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["first@example.org"], emails);
    }
}
