namespace RabatPlatform.Meetings.Features.Meetings;

/// <summary>Configuration section <c>Meetings</c> (the service's settings: registration offers, jobs, write gate).</summary>
public sealed class MeetingsOptions
{
    public const string Section = "Meetings";

    /// <summary>How long a freed seat is offered to the first waiting delegate (<c>Meetings:OfferDuration</c>).</summary>
    public TimeSpan OfferDuration { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Days before the registration deadline when <c>meeting.registration_deadline_approaching</c> is sent.</summary>
    public int DeadlineReminderDays { get; set; } = 7;

    /// <summary>How long after a meeting ends its delegates' personal data is erased.</summary>
    public TimeSpan PersonalDataRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the background job runs (offers, window events, erasure).</summary>
    public TimeSpan JobInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Writes that lock a meeting, at once per instance (see <see cref="WriteGate"/>); keep it well below the connection
    /// pool. Registrations are not counted: they wait in their meeting's seat line, which holds no connection.
    /// </summary>
    public int MaxConcurrentWrites { get; set; } = 16;

    /// <summary>How long a write waits for a slot (a registration: in its seat line) before a 503.</summary>
    public TimeSpan WriteQueueTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public const string DefaultCalendarUidDomain = "meetings.rabat-process.org";

    /// <summary>The right-hand side of meetings' iCalendar UIDs (<c>{meeting id}@{domain}</c>), fixed per meeting at its creation.</summary>
    public string CalendarUidDomain { get; set; } = DefaultCalendarUidDomain;

    /// <summary>The ORGANIZER of the calendar files (RFC 5546 asks for one): the address the platform's mails come from.</summary>
    public string CalendarOrganizer { get; set; } = "newsletter@rabat-process.org";
}
