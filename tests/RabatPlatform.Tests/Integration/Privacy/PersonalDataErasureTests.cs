using System.Net;
using System.Net.Http.Json;
using System.Text;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Persistence;
using RabatPlatform.Persistence.Operations;
using RabatPlatform.Persistence.Outbox;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Tests.Infrastructure;
using RabbitMQ.Client;
using static RabatPlatform.Tests.Infrastructure.MeetingsTestApi;

namespace RabatPlatform.Tests.Integration.Privacy;

/// <summary>
/// Erasure of a person reaches every copy in every service, driven by events (issue 19, item 2): afterwards no
/// column of any table of any service's database and no message of any queue of the platform holds the address.
/// </summary>
[Collection(MeetingsCollection.Name)]
public sealed class PersonalDataErasureTests(PlatformFixture platform) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await platform.ResetAsync();
        await RegisterPartnersAsync(platform, "ES", "MA");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_operators_erasure_leaves_the_address_in_no_database_and_no_queue()
    {
        var email = $"erase-{Guid.NewGuid():N}@example.org";
        var secretariat = await platform.ClientAsAsync("secretariat");
        var (meetingId, _) = await CreateMeetingAsync(secretariat, MeetingBody(TestApi.Unique("erase"), platform.Clock.GetUtcNow()));
        var es = await platform.ClientAsAsync("partner", "ES");
        await RegisterAsync(es, meetingId, Delegate(email));
        await Mailbox.WaitForAsync(email, 2, TimeSpan.FromSeconds(60)); // "submitted" and "confirmed" (not moderated)
        await NewsletterTestApi.SubscribeAndConfirmAsync(NewsletterTestApi.Client(platform), email, "fr", "news");
        await NewsletterTestApi.WaitQueueDrainedAsync(platform);

        // Copies the platform's plumbing keeps: a failed message in an _error queue, a dead outbox row (another service).
        var errorQueue = await platform.Subscriptions.Services.GetRequiredService<IBus>()
            .GetSendEndpoint(new Uri("queue:subscriptions-registration-submitted-mailer_error"));
        await errorQueue.Send(Submitted(meetingId, email));
        await platform.InDbAsync<ContentDbContext, int>(platform.Content.Services, db =>
        {
            var row = OutboxMessage.Create(Submitted(meetingId, email), null);
            row.MarkFailed("the broker refused it", DateTimeOffset.UtcNow, new OutboxOptions(), permanent: true);
            db.OutboxMessages.Add(row);
            return db.SaveChangesAsync();
        });
        var before = await FindAsync(email);
        foreach (var expected in new[] { "meetingsdb.registrations.email", "meetingsdb.outbox_messages.payload", "subscriptionsdb.mail_queue.recipient",
                     "subscriptionsdb.mail_queue.message", "subscriptionsdb.newsletter_subscribers.email", "contentdb.outbox_messages.payload",
                     "queue subscriptions-registration-submitted-mailer_error" })
        {
            Assert.Contains(expected, before);
        }

        await MeetingsTestApi.AssertProblemAsync(
            await secretariat.PostAsJsonAsync("/api/meetings/personal-data/erasures", new { email = "not-an-address" }), HttpStatusCode.BadRequest, "email");
        await AssertRefusedAsync(await es.PostAsJsonAsync("/api/meetings/personal-data/erasures", new { email }));
        var accepted = await secretariat.PostAsJsonAsync("/api/meetings/personal-data/erasures", new { email = email.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        await TestApi.WaitUntilAsync(async () => await ErasedEverywhereAsync(), TimeSpan.FromSeconds(90), "every service applied the erasure");
        List<string> after = [];
        var deadline = DateTime.UtcNow.AddSeconds(30); // the broker's queue statistics lag a few seconds
        while ((after = await FindAsync(email)).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }

        Assert.True(after.Count == 0, "The address is still in: " + string.Join(", ", after));
        // The operator's request and the meetings service's own part are recorded (no address in either: searched above).
        var audit = await platform.InDbAsync<MeetingsDbContext, List<string>>(platform.Meetings.Services,
            db => db.OperatorActions.OrderBy(a => a.At).Select(a => a.Action).ToListAsync());
        Assert.Equal(["erase-person", PersonalDataErasure.Action], audit);
    }

    [Fact]
    public async Task A_meetings_retention_erasure_reaches_its_mails_dead_rows_and_error_messages_and_nothing_of_another_meeting()
    {
        var email = $"retained-{Guid.NewGuid():N}@example.org";
        var secretariat = await platform.ClientAsAsync("secretariat");
        var now = platform.Clock.GetUtcNow();
        var (first, _) = await CreateMeetingAsync(secretariat, MeetingBody(TestApi.Unique("over"), now));
        var laterBody = MeetingBody(TestApi.Unique("later"), now);
        var laterStart = DateOnly.FromDateTime(now.UtcDateTime).AddDays(300);
        laterBody["startDate"] = laterStart.ToString("yyyy-MM-dd");
        laterBody["endDate"] = laterStart.AddDays(1).ToString("yyyy-MM-dd");
        laterBody["agenda"]![0]!["date"] = laterStart.ToString("yyyy-MM-dd");
        var (later, _) = await CreateMeetingAsync(secretariat, laterBody);
        var es = await platform.ClientAsAsync("partner", "ES");
        await RegisterAsync(es, first, Delegate(email));
        await RegisterAsync(es, later, Delegate(email));
        await Mailbox.WaitForAsync(email, 4, TimeSpan.FromSeconds(60));
        await NewsletterTestApi.WaitQueueDrainedAsync(platform);
        var errorQueue = await platform.Subscriptions.Services.GetRequiredService<IBus>()
            .GetSendEndpoint(new Uri("queue:subscriptions-registration-submitted-mailer_error"));
        foreach (var meetingId in new[] { first, later })
        {
            await errorQueue.Send(Submitted(meetingId, email));
            await platform.InDbAsync<MeetingsDbContext, int>(platform.Meetings.Services, db =>
            {
                var row = OutboxMessage.Create(Submitted(meetingId, email), null);
                row.MarkFailed("the broker refused it", DateTimeOffset.UtcNow, new OutboxOptions(), permanent: true);
                db.OutboxMessages.Add(row);
                return db.SaveChangesAsync();
            });
        }

        // The first meeting ends in 61 days and the retention is 30 days in tests.
        platform.Clock.Advance(TimeSpan.FromDays(100));
        await TestApi.WaitUntilAsync(async () => await ErasedEverywhereAsync(), TimeSpan.FromSeconds(90), "every service applied the erasure");

        var mails = await platform.InDbAsync<SubscriptionsDbContext, List<string?>>(platform.Subscriptions.Services,
            db => db.MailQueue.Where(m => m.Recipient == email).Select(m => m.ItemKey).ToListAsync());
        Assert.Equal([$"meeting:{later}", $"meeting:{later}"], mails);
        var dead = await platform.InDbAsync<MeetingsDbContext, List<string>>(platform.Meetings.Services,
            db => db.OutboxMessages.Where(m => m.Status == OutboxStatus.Dead).Select(m => m.Payload).ToListAsync());
        Assert.Contains(later.ToString(), Assert.Single(dead), StringComparison.Ordinal);
        var failed = await PeekAsync("subscriptions-registration-submitted-mailer_error");
        Assert.Contains(later.ToString(), Assert.Single(failed), StringComparison.Ordinal);
        Assert.Equal(1, await platform.InDbAsync<MeetingsDbContext, int>(platform.Meetings.Services, db => db.Registrations.CountAsync(r => r.Email == email)));
    }

    /// <summary>The bodies of a queue's messages, handed back afterwards.</summary>
    private async Task<List<string>> PeekAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(platform.VirtualHost.ConnectionString) };
        await using var broker = await factory.CreateConnectionAsync();
        await using var channel = await broker.CreateChannelAsync();
        var bodies = new List<string>();
        while (await channel.BasicGetAsync(queue, autoAck: false) is { } message)
        {
            bodies.Add(Encoding.UTF8.GetString(message.Body.Span));
        }

        return bodies;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response) =>
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

    private static RegistrationSubmitted Submitted(Guid meetingId, string email)
    {
        var meeting = new RegistrationMeeting(meetingId, new Dictionary<string, string> { ["fr"] = "Réunion" }, new Dictionary<string, string> { ["fr"] = "reunion" },
            new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 2), "Europe/Madrid", "Madrid", "ES", "hybrid");
        return new RegistrationSubmitted(Guid.NewGuid(), DateTimeOffset.UtcNow,
            new RegistrationData(Guid.NewGuid(), "ES", email, "Amina", "El Idrissi", "fr", "pending", meeting));
    }

    private IEnumerable<IServiceProvider> Services() =>
        [platform.Content.Services, platform.Meetings.Services, platform.Publications.Services, platform.Subscriptions.Services, platform.Search.Services];

    /// <summary>Every service recorded its part, and meetings and subscriptions applied theirs (their inboxes).</summary>
    private async Task<bool> ErasedEverywhereAsync()
    {
        foreach (var services in Services())
        {
            if (!await platform.InDbAsync<ServiceDbContext, bool>(services, db => db.OperatorActions.AnyAsync(a => a.Action == PersonalDataErasure.Action)))
            {
                return false;
            }
        }

        return await platform.InDbAsync<MeetingsDbContext, bool>(platform.Meetings.Services,
                   db => db.InboxMessages.AnyAsync(m => m.Consumer == "meetings-person-erasure"))
               && await platform.InDbAsync<SubscriptionsDbContext, bool>(platform.Subscriptions.Services,
                   db => db.InboxMessages.AnyAsync(m => m.Consumer == "subscriptions-person-erasure"));
    }

    /// <summary>
    /// Where the address is: every column of every table of every service's database (bytea searched as bytes,
    /// everything else as text, case-insensitively), and every message of every queue of the platform's virtual host.
    /// </summary>
    private async Task<List<string>> FindAsync(string email)
    {
        var found = new List<string>();
        foreach (var services in Services())
        {
            var connectionString = await platform.InDbAsync<ServiceDbContext, string>(services, db => Task.FromResult(db.Database.GetConnectionString()!));
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var database = connection.Database.Split('_')[0]; // contentdb_<run>
            var columns = new List<(string Table, string Column, string Type)>();
            await using (var list = new NpgsqlCommand(
                "SELECT table_name, column_name, data_type FROM information_schema.columns c WHERE table_schema = 'public' " +
                "AND EXISTS (SELECT 1 FROM information_schema.tables t WHERE t.table_schema = 'public' AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE')",
                connection))
            await using (var reader = await list.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
                }
            }

            foreach (var (table, column, type) in columns)
            {
                var test = type == "bytea"
                    ? $"strpos(lower(encode(\"{column}\", 'escape')), @needle) > 0"
                    : $"strpos(lower(\"{column}\"::text), @needle) > 0";
                await using var query = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" WHERE {test}", connection);
                query.Parameters.AddWithValue("needle", email.ToLowerInvariant());
                if ((long)(await query.ExecuteScalarAsync())! > 0)
                {
                    found.Add($"{database}.{table}.{column}");
                }
            }
        }

        var factory = new ConnectionFactory { Uri = new Uri(platform.VirtualHost.ConnectionString) };
        await using var broker = await factory.CreateConnectionAsync();
        foreach (var queue in await platform.VirtualHost.QueuesAsync())
        {
            if (queue.Exclusive)
            {
                // Another connection's (the gateway's cache eviction): unreadable from here, so it must be empty.
                if (queue.Messages > 0)
                {
                    found.Add($"exclusive queue {queue.Name} ({queue.Messages} message(s))");
                }

                continue;
            }

            // Every message taken unacknowledged, read, and handed back when the channel closes.
            await using var channel = await broker.CreateChannelAsync();
            while (await channel.BasicGetAsync(queue.Name, autoAck: false) is { } message)
            {
                if (Encoding.UTF8.GetString(message.Body.Span).Contains(email, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add($"queue {queue.Name}");
                    break;
                }
            }
        }

        return found;
    }
}
