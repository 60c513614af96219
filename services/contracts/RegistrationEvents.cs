namespace RabatPlatform.Contracts;

/// <summary>
/// What a registration event says of its meeting: enough for a notification email and its .ics
/// attachment without calling the meetings service. <c>Titles</c> and <c>Slugs</c> keyed by language.
/// <c>CalendarUid</c> is the meeting's one iCalendar UID (the same in every mail attachment and in the meetings
/// service's calendar files); <c>CalendarSequence</c> its SEQUENCE, bumped on each change of dates, place or status.
/// </summary>
public sealed record RegistrationMeeting(
    Guid MeetingId,
    IReadOnlyDictionary<string, string> Titles,
    IReadOnlyDictionary<string, string> Slugs,
    DateOnly StartDate,
    DateOnly EndDate,
    string TimeZone,
    string? City,
    string? CountryCode,
    string Format,
    string? CalendarUid = null,
    int CalendarSequence = 0);

/// <summary>
/// One delegate's registration as its events carry it. <c>Language</c> is the delegate's correspondence
/// language (fr, en). <c>Status</c>: pending, confirmed, waitlisted, offered, rejected, cancelled.
/// </summary>
public sealed record RegistrationData(
    Guid RegistrationId,
    string PartnerCode,
    string Email,
    string GivenName,
    string FamilyName,
    string Language,
    string Status,
    RegistrationMeeting Meeting);

[EventType("meeting.registration_opened")]
public sealed record MeetingRegistrationOpened(
    Guid EventId, DateTimeOffset OccurredAt, Guid MeetingId, DateTimeOffset OpensAt, DateTimeOffset Deadline) : IIntegrationEvent;

[EventType("meeting.registration_deadline_approaching")]
public sealed record MeetingRegistrationDeadlineApproaching(
    Guid EventId, DateTimeOffset OccurredAt, Guid MeetingId, DateTimeOffset Deadline, int DaysLeft) : IIntegrationEvent;

[EventType("registration.submitted")]
public sealed record RegistrationSubmitted(Guid EventId, DateTimeOffset OccurredAt, RegistrationData Registration) : IIntegrationEvent;

[EventType("registration.confirmed")]
public sealed record RegistrationConfirmed(Guid EventId, DateTimeOffset OccurredAt, RegistrationData Registration) : IIntegrationEvent;

[EventType("registration.waitlisted")]
public sealed record RegistrationWaitlisted(
    Guid EventId, DateTimeOffset OccurredAt, RegistrationData Registration, int Position) : IIntegrationEvent;

/// <summary>A seat freed and the first waiting delegate is offered it until <c>OfferExpiresAt</c>.</summary>
[EventType("registration.promoted")]
public sealed record RegistrationPromoted(
    Guid EventId, DateTimeOffset OccurredAt, RegistrationData Registration, DateTimeOffset OfferExpiresAt) : IIntegrationEvent;

[EventType("registration.rejected")]
public sealed record RegistrationRejected(
    Guid EventId, DateTimeOffset OccurredAt, RegistrationData Registration, string? Reason) : IIntegrationEvent;

[EventType("registration.cancelled")]
public sealed record RegistrationCancelled(
    Guid EventId, DateTimeOffset OccurredAt, RegistrationData Registration, string CancelledBy) : IIntegrationEvent;

/// <summary>
/// The meeting of an active registration changed its dates or place (<c>Changes</c>: <c>dates</c>, <c>place</c>);
/// <c>Registration.Meeting</c> is the meeting as it now is, with its bumped <c>CalendarSequence</c>. A cancelled meeting
/// is <c>registration.cancelled</c> with <c>CancelledBy</c> <c>meeting-cancelled</c>.
/// </summary>
[EventType("registration.meeting_changed")]
public sealed record RegistrationMeetingChanged(
    Guid EventId, DateTimeOffset OccurredAt, RegistrationData Registration, IReadOnlyList<string> Changes) : IIntegrationEvent;
