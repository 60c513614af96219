using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RabatPlatform.Meetings.Features.Meetings;

/// <summary>
/// iCalendar (RFC 5545) files: one meeting (its days as an all-day event, plus its registration deadline as
/// an event of its own), or every upcoming meeting, cancelled ones included as <c>STATUS:CANCELLED</c>. Each meeting is
/// one VEVENT whose UID (<see cref="Meeting.Uid"/>) is the same as in the delegates' mail attachments, and whose
/// SEQUENCE (<see cref="Meeting.CalendarSequence"/>) grows with each change of dates, place or status.
/// </summary>
public static class MeetingCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8; method=PUBLISH";

    /// <summary>One meeting's file (<c>{slug}.ics</c>), in the reader's language.</summary>
    public static FileContentHttpResult One(Meeting meeting, string language, DateTimeOffset now, MeetingsOptions options)
    {
        var calendar = NewCalendar(meeting.ResolveTranslation(language).Translation.Title);
        AddMeeting(calendar, meeting, language, now, options);
        return File(calendar, $"{meeting.ResolveTranslation(language).Translation.Slug}.ics");
    }

    /// <summary>Every upcoming meeting in one file.</summary>
    public static FileContentHttpResult AllUpcoming(IEnumerable<Meeting> meetings, string language, DateTimeOffset now, MeetingsOptions options)
    {
        var calendar = NewCalendar(Localized.Pick(language, "Processus de Rabat : réunions à venir", "Rabat Process: upcoming meetings"));
        foreach (var meeting in meetings)
        {
            AddMeeting(calendar, meeting, language, now, options);
        }

        return File(calendar, "rabat-process-meetings.ics");
    }

    private static Calendar NewCalendar(string name)
    {
        var calendar = new Calendar { ProductId = "-//Rabat Process//Meetings//FR", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", name);
        return calendar;
    }

    private static void AddMeeting(Calendar calendar, Meeting meeting, string language, DateTimeOffset now, MeetingsOptions options)
    {
        var (t, _) = meeting.ResolveTranslation(language);
        var location = meeting.Format == "virtual"
            ? Localized.Pick(language, "En ligne", "Online")
            : string.Join(", ", new[] { meeting.City, meeting.CountryCode }.Where(x => !string.IsNullOrEmpty(x)));
        var stamp = new CalDateTime(now.UtcDateTime, CalDateTime.UtcTzId);
        var cancelled = meeting.Status == MeetingStatus.Cancelled;
        var organizer = new Organizer($"mailto:{options.CalendarOrganizer}") { CommonName = "Processus de Rabat / Rabat Process" };
        calendar.Events.Add(new CalendarEvent
        {
            Uid = meeting.Uid,
            Sequence = meeting.CalendarSequence,
            Summary = t.Title,
            Description = t.Summary,
            Location = location,
            // All-day: DTEND is exclusive.
            DtStart = new CalDateTime(meeting.StartDate),
            DtEnd = new CalDateTime(meeting.EndDate.AddDays(1)),
            DtStamp = stamp,
            Organizer = organizer,
            Status = cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Categories = [meeting.Kind],
        });

        if (!cancelled)
        {
            var deadline = meeting.EffectiveDeadline().UtcDateTime;
            calendar.Events.Add(new CalendarEvent
            {
                Uid = meeting.Uid.Replace("@", "-registration-deadline@", StringComparison.Ordinal),
                Sequence = meeting.CalendarSequence,
                Summary = Localized.Pick(language, $"Date limite d'inscription : {t.Title}", $"Registration deadline: {t.Title}"),
                DtStart = new CalDateTime(deadline, CalDateTime.UtcTzId),
                DtEnd = new CalDateTime(deadline, CalDateTime.UtcTzId),
                DtStamp = stamp,
                Organizer = organizer,
                Status = EventStatus.Confirmed,
            });
        }
    }

    private static FileContentHttpResult File(Calendar calendar, string fileName)
    {
        var text = new CalendarSerializer().SerializeToString(calendar) ?? "";
        return TypedResults.File(Encoding.UTF8.GetBytes(text), ContentType, fileName);
    }
}
