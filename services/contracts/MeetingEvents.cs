namespace RabatPlatform.Contracts;

/// <summary>
/// A meeting as its events carry it. <c>Kind</c>: ministerial-conference, senior-officials-meeting,
/// steering-committee, thematic-meeting, technical-workshop, round-table, webinar, training.
/// <c>Format</c>: in-person, virtual, hybrid. Countries and co-chairs are partner codes (ISO 3166-1 alpha-2
/// for countries). <c>TimeZone</c> is an IANA id (<c>Europe/Madrid</c>); <c>FrameworkCodes</c> are framework, domain or
/// objective codes (<c>cadiz-2023.d2</c>); <c>Status</c>: planned, announced, cancelled.
/// </summary>
public sealed record MeetingData(
    string Kind,
    IReadOnlyDictionary<string, TranslatedText> Translations,
    DateOnly StartDate,
    DateOnly EndDate,
    string? City,
    string? CountryCode,
    string Format,
    IReadOnlyList<string> CoChairs,
    IReadOnlyList<string> Themes,
    IReadOnlyList<int> GcmObjectives,
    string? TimeZone = null,
    IReadOnlyList<string>? WorkingGroups = null,
    IReadOnlyList<string>? FrameworkCodes = null,
    string? Status = null,
    DateTimeOffset? RegistrationOpensAt = null,
    DateTimeOffset? RegistrationDeadline = null);

[EventType("meeting.announced")]
public sealed record MeetingAnnounced(Guid EventId, DateTimeOffset OccurredAt, Guid MeetingId, MeetingData Meeting)
    : IIntegrationEvent;

[EventType("meeting.updated")]
public sealed record MeetingUpdated(Guid EventId, DateTimeOffset OccurredAt, Guid MeetingId, MeetingData Meeting)
    : IIntegrationEvent;

[EventType("meeting.cancelled")]
public sealed record MeetingCancelled(
    Guid EventId, DateTimeOffset OccurredAt, Guid MeetingId, IReadOnlyDictionary<string, string> Slugs) : IIntegrationEvent;
