using Microsoft.AspNetCore.Mvc;

namespace RabatPlatform.Meetings.Features.Meetings;

/// <summary>The agenda's filters (<c>GET /api/meetings</c>).</summary>
public sealed record ListMeetingsRequest(
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "kind")] string? Kind,
    [FromQuery(Name = "upcoming")] string? Upcoming,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "pageSize")] int? PageSize);

/// <summary>The agenda's filters once checked.</summary>
public sealed record MeetingsFilter(int Page, int PageSize, DateOnly? From, DateOnly? To, string? Kind, bool OnlyUpcoming);

/// <summary>A meeting by its slug in either language.</summary>
public sealed record MeetingSlugRequest([FromRoute(Name = "slug")] string Slug);

/// <summary>A meeting by its id.</summary>
public sealed record MeetingIdRequest([FromRoute(Name = "id")] Guid Id);

public sealed record MeetingTranslationInput(string? Title, string? Summary, string? Slug);

public sealed record AgendaItemInput(DateOnly? Date, string? Time, Dictionary<string, string?>? Titles);

/// <summary>What the Secretariat sends to create or edit a meeting.</summary>
public sealed record MeetingWriteRequest(
    string? Kind,
    string? Status,
    Dictionary<string, MeetingTranslationInput?>? Translations,
    DateOnly? StartDate,
    DateOnly? EndDate,
    string? TimeZone,
    string? City,
    string? CountryCode,
    string? Format,
    List<string?>? CoChairs,
    List<string?>? Themes,
    List<string?>? WorkingGroups,
    List<string?>? FrameworkCodes,
    List<int>? GcmObjectives,
    List<AgendaItemInput?>? Agenda,
    int? Capacity,
    int? DelegationQuota,
    bool? Moderated,
    DateTimeOffset? RegistrationOpensAt,
    DateTimeOffset? RegistrationDeadline);

/// <summary>A validated request, ready to apply to a <see cref="Meeting"/>.</summary>
public sealed record MeetingInput(
    string Kind,
    MeetingStatus Status,
    List<MeetingTranslation> Translations,
    DateOnly StartDate,
    DateOnly EndDate,
    string TimeZone,
    string? City,
    string? CountryCode,
    string Format,
    List<string> CoChairs,
    List<string> Themes,
    List<string> WorkingGroups,
    List<string> FrameworkCodes,
    List<int> GcmObjectives,
    AgendaItems Agenda,
    int? Capacity,
    int? DelegationQuota,
    bool Moderated,
    DateTimeOffset? RegistrationOpensAt,
    DateTimeOffset? RegistrationDeadline)
{
    public void ApplyTo(Meeting m)
    {
        m.Kind = Kind;
        m.SetTranslations(Translations);
        m.StartDate = StartDate;
        m.EndDate = EndDate;
        m.TimeZone = TimeZone;
        m.City = City;
        m.CountryCode = CountryCode;
        m.Format = Format;
        m.CoChairs = CoChairs;
        m.Themes = Themes;
        m.WorkingGroups = WorkingGroups;
        m.FrameworkCodes = FrameworkCodes;
        m.GcmObjectives = GcmObjectives;
        m.Agenda = Agenda;
        m.Capacity = Capacity;
        m.DelegationQuota = DelegationQuota;
        m.Moderated = Moderated;
        if (m.RegistrationOpensAt != RegistrationOpensAt)
        {
            m.RegistrationOpenedAnnouncedAt = null;
        }

        if (m.RegistrationDeadline != RegistrationDeadline)
        {
            m.DeadlineReminderSentAt = null;
        }

        m.RegistrationOpensAt = RegistrationOpensAt?.ToUniversalTime(); // PostgreSQL timestamptz takes UTC only
        m.RegistrationDeadline = RegistrationDeadline?.ToUniversalTime();
    }
}
