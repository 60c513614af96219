using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using MimeKit;
using RabatPlatform.Contracts;

namespace RabatPlatform.Subscriptions.Features.Email;

/// <summary>
/// A meeting as an iTIP (RFC 5546) calendar attachment (RFC 6047): <c>text/calendar; charset=utf-8; method=…</c> with the
/// same METHOD inside; one all-day VEVENT with the meeting's own UID (the meetings service's, as in its calendar files)
/// and SEQUENCE, so that a calendar keeps one event per meeting: <see cref="Publish"/> adds or updates it,
/// <see cref="Cancel"/> (STATUS:CANCELLED) removes it.
/// </summary>
public static class MeetingCalendarPart
{
    public const string Publish = "PUBLISH";
    public const string Cancel = "CANCEL";

    /// <summary>The UID of events from before the meetings service carried one (<c>{id}@meetings.rabat-process.org</c>, its default).</summary>
    public static string Uid(RegistrationMeeting meeting) => meeting.CalendarUid ?? $"{meeting.MeetingId}@meetings.rabat-process.org";

    public static MimePart Build(RegistrationMeeting meeting, string language, string method, DateTimeOffset now, MailboxAddress organizer)
    {
        var title = meeting.Titles.TryGetValue(language, out var t) ? t : meeting.Titles.Values.FirstOrDefault() ?? "Rabat Process";
        var end = meeting.EndDate.AddDays(1); // all-day: DTEND is exclusive
        var calendar = new Ical.Net.Calendar { ProductId = "-//Rabat Process//Subscriptions//FR", Method = method };
        calendar.Events.Add(new CalendarEvent
        {
            Uid = Uid(meeting),
            Sequence = meeting.CalendarSequence,
            Summary = MailTemplates.OneLine(title),
            DtStart = new CalDateTime(meeting.StartDate.Year, meeting.StartDate.Month, meeting.StartDate.Day),
            DtEnd = new CalDateTime(end.Year, end.Month, end.Day),
            DtStamp = new CalDateTime(now.UtcDateTime, CalDateTime.UtcTzId),
            Organizer = new Organizer($"mailto:{organizer.Address}") { CommonName = organizer.Name },
            Location = meeting.City is null ? null : $"{meeting.City}{(meeting.CountryCode is null ? "" : ", " + meeting.CountryCode)}",
            Status = method == Cancel ? EventStatus.Cancelled : EventStatus.Confirmed,
        });
        var ics = new CalendarSerializer().SerializeToString(calendar) ?? "";
        var type = new ContentType("text", "calendar") { Charset = "utf-8" };
        type.Parameters.Add("method", method);
        var fileName = method == Cancel ? "cancel.ics" : "meeting.ics";
        return new MimePart(type)
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(ics))),
            ContentTransferEncoding = ContentEncoding.Base64,
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = fileName },
        };
    }
}
