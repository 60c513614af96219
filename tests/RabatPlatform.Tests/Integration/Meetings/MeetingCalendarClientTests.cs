using System.Net;
using System.Net.Http.Json;
using Ical.Net;
using Ical.Net.CalendarComponents;
using MimeKit;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.MeetingsTestApi;

namespace RabatPlatform.Tests.Integration.Meetings;

/// <summary>
/// A calendar client importing a delegate's mail attachments and subscribed to the calendar URLs sees one event per
/// meeting, updated when it moves and removed when it is cancelled (issue 20): one UID everywhere, SEQUENCE bumped on
/// each change, METHOD:CANCEL in the mail and STATUS:CANCELLED in the feeds.
/// </summary>
[Collection(MeetingsCollection.Name)]
public sealed class MeetingCalendarClientTests(PlatformFixture platform) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await platform.ResetAsync();
        await RegisterPartnersAsync(platform, "ES", "MA");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_calendar_client_sees_one_event_per_meeting_updated_on_change_and_removed_on_cancellation()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var partner = await platform.ClientAsAsync("partner", "ES");
        var body = MeetingBody(TestApi.Unique("cal"), platform.Clock.GetUtcNow());
        var (id, _) = await CreateMeetingAsync(secretariat, body);
        var uid = $"{id}@meetings.rabat-process.org";
        var delegateAddress = NewsletterTestApi.NewAddress("cal");
        await RegisterAsync(partner, id, Delegate(delegateAddress, "ES", language: "en"));
        var start = DateOnly.Parse(body["startDate"]!.GetValue<string>());

        // Created: the confirmation's attachment and both feeds give one event.
        var store = new CalendarStore();
        var confirmation = await MailAsync(delegateAddress, "Registration confirmed");
        var firstAttachment = Ics(confirmation, "PUBLISH");
        store.Apply(firstAttachment);
        store.Apply(await FeedAsync($"/api/meetings/{id}/calendar.ics?lang=en", uid, 0));
        store.Apply(await FeedAsync("/api/meetings/calendar.ics?lang=en", uid, 0));
        var created = store.Meeting(uid);
        Assert.Equal(0, created.Sequence);
        Assert.Equal(start, DateOnly.FromDateTime(created.DtStart!.Value));

        // Moved a week later: the delegate's mail updates the event (same UID, SEQUENCE 1), and so do the feeds.
        body["startDate"] = start.AddDays(7).ToString("yyyy-MM-dd");
        body["endDate"] = start.AddDays(8).ToString("yyyy-MM-dd");
        body["agenda"]![0]!["date"] = start.AddDays(7).ToString("yyyy-MM-dd");
        body["city"] = "Sevilla";
        var edit = await secretariat.PutAsJsonAsync($"/api/meetings/{id}", body);
        Assert.True(edit.StatusCode == HttpStatusCode.OK, await edit.Content.ReadAsStringAsync());
        var moved = await MailAsync(delegateAddress, "Meeting changed");
        store.Apply(Ics(moved, "PUBLISH"));
        Assert.Equal(1, store.Meeting(uid).Sequence);
        Assert.Equal(start.AddDays(7), DateOnly.FromDateTime(store.Meeting(uid).DtStart!.Value));
        Assert.Equal("Sevilla, ES", store.Meeting(uid).Location);
        store.Apply(await FeedAsync($"/api/meetings/{id}/calendar.ics?lang=en", uid, 1));
        store.Apply(await FeedAsync("/api/meetings/calendar.ics?lang=en", uid, 1));
        store.Apply(firstAttachment); // an old attachment opened again changes nothing
        Assert.Equal(start.AddDays(7), DateOnly.FromDateTime(store.Meeting(uid).DtStart!.Value));
        Assert.Single(store.Meetings);

        // Cancelled: METHOD:CANCEL in the mail removes it; the feeds say STATUS:CANCELLED with SEQUENCE 2.
        await PostAsync(secretariat, $"/api/meetings/{id}/cancel");
        var cancelled = await MailAsync(delegateAddress, "Meeting cancelled");
        store.Apply(Ics(cancelled, "CANCEL"));
        Assert.Empty(store.Meetings);
        var feed = await FeedAsync($"/api/meetings/{id}/calendar.ics?lang=en", uid, 2);
        Assert.Equal(EventStatus.Cancelled, Calendar.Load(feed)!.Events.Single(e => e.Uid == uid).Status);
        store.Apply(feed);
        store.Apply(await FeedAsync("/api/meetings/calendar.ics?lang=en", uid, 2));
        store.Apply(Ics(moved, "PUBLISH")); // an older update does not bring it back
        Assert.Empty(store.Meetings);
    }

    private static async Task<MimeMessage> MailAsync(string address, string subject)
    {
        bool Match(MimeMessage m) => (m.Subject ?? "").StartsWith(subject + " – ", StringComparison.Ordinal);
        await TestApi.WaitUntilAsync(() => Task.FromResult(Mailbox.To(address).Any(Match)), TimeSpan.FromSeconds(30), $"'{subject}' mailed to {address}");
        return Assert.Single(Mailbox.To(address), Match);
    }

    /// <summary>The .ics part of a mail, typed as RFC 6047 asks (<c>text/calendar; charset=utf-8; method=…</c>, the same METHOD inside).</summary>
    private static string Ics(MimeMessage mail, string method)
    {
        var part = Assert.IsType<TextPart>(Assert.Single(mail.BodyParts, p => p.ContentType.MimeType == "text/calendar"), exactMatch: false);
        Assert.Equal("utf-8", part.ContentType.Charset, ignoreCase: true);
        Assert.Equal(method, part.ContentType.Parameters["method"]);
        Assert.Equal(method, Calendar.Load(part.Text)!.Method);
        return part.Text;
    }

    /// <summary>A calendar URL as a subscribed client refreshes it: until the gateway's cache has the change (evicted by the event).</summary>
    private async Task<string> FeedAsync(string path, string uid, int sequence)
    {
        var text = "";
        await TestApi.WaitUntilAsync(async () =>
        {
            var response = await platform.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
            text = await response.Content.ReadAsStringAsync();
            return Calendar.Load(text)!.Events.FirstOrDefault(e => e.Uid == uid)?.Sequence == sequence;
        }, TimeSpan.FromSeconds(20), $"{path} shows {uid} at SEQUENCE {sequence}");
        return text;
    }

    /// <summary>
    /// What a calendar client keeps (RFC 5546 §2.1.4-5): events by UID; a VEVENT replaces the kept one when its SEQUENCE is
    /// higher, or the same with a later DTSTAMP; METHOD:CANCEL or STATUS:CANCELLED removes it, and nothing older brings it back.
    /// </summary>
    private sealed class CalendarStore
    {
        private readonly Dictionary<string, (int Sequence, DateTime Stamp, CalendarEvent? Event)> byUid = [];

        public IReadOnlyList<CalendarEvent> Meetings =>
            byUid.Values.Select(v => v.Event).OfType<CalendarEvent>().Where(e => !e.Uid!.Contains("registration-deadline", StringComparison.Ordinal)).ToList();

        public CalendarEvent Meeting(string uid) => Assert.Single(Meetings, e => e.Uid == uid);

        public void Apply(string ics)
        {
            var calendar = Calendar.Load(ics)!;
            foreach (var incoming in calendar.Events)
            {
                var stamp = incoming.DtStamp!.AsUtc;
                if (byUid.TryGetValue(incoming.Uid!, out var kept)
                    && (incoming.Sequence < kept.Sequence || (incoming.Sequence == kept.Sequence && stamp <= kept.Stamp)))
                {
                    continue;
                }

                var removed = calendar.Method == "CANCEL" || incoming.Status == EventStatus.Cancelled;
                byUid[incoming.Uid!] = (incoming.Sequence, stamp, removed ? null : incoming);
            }
        }
    }
}
