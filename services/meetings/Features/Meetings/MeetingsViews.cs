using RabatPlatform.Contracts;

namespace RabatPlatform.Meetings.Features.Meetings;

public sealed record AgendaItemView(DateOnly? Date, string? Time, string Title);

/// <summary>A meeting as the public reads it, in one language.</summary>
public sealed record MeetingView(
    Guid Id,
    string Language,
    bool Fallback,
    string Title,
    string? Summary,
    string Slug,
    IReadOnlyDictionary<string, string> Slugs,
    string Kind,
    string Status,
    DateOnly StartDate,
    DateOnly EndDate,
    string TimeZone,
    string? City,
    string? CountryCode,
    string Format,
    IReadOnlyList<string> CoChairs,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> WorkingGroups,
    IReadOnlyList<string> FrameworkCodes,
    IReadOnlyList<int> GcmObjectives,
    IReadOnlyList<AgendaItemView> Agenda,
    int? Capacity,
    int? DelegationQuota,
    bool Moderated,
    DateTimeOffset? RegistrationOpensAt,
    DateTimeOffset RegistrationDeadline)
{
    public static MeetingView From(Meeting m, string language)
    {
        var (t, fallback) = m.ResolveTranslation(language);
        return new MeetingView(
            m.Id, t.Language, fallback, t.Title, t.Summary, t.Slug, m.Slugs(), m.Kind, m.Status.ToString().ToLowerInvariant(),
            m.StartDate, m.EndDate, m.TimeZone, m.City, m.CountryCode, m.Format, m.CoChairs, m.Themes, m.WorkingGroups,
            m.FrameworkCodes, m.GcmObjectives,
            m.Agenda.Select(a => new AgendaItemView(a.Date, a.Time,
                a.Titles.GetValueOrDefault(language) ?? a.Titles.GetValueOrDefault(Languages.Other(language)) ?? "")).ToList(),
            m.Capacity, m.DelegationQuota, m.Moderated, m.RegistrationOpensAt, m.EffectiveDeadline());
    }
}

/// <summary>A meeting as the Secretariat sees it: every language, settings and state.</summary>
public sealed record MeetingAdminView(
    Guid Id,
    string Status,
    string Kind,
    IReadOnlyDictionary<string, TranslatedText> Translations,
    DateOnly StartDate,
    DateOnly EndDate,
    string TimeZone,
    string? City,
    string? CountryCode,
    string Format,
    IReadOnlyList<string> CoChairs,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> WorkingGroups,
    IReadOnlyList<string> FrameworkCodes,
    IReadOnlyList<int> GcmObjectives,
    IReadOnlyList<AgendaItem> Agenda,
    int? Capacity,
    int? DelegationQuota,
    bool Moderated,
    DateTimeOffset? RegistrationOpensAt,
    DateTimeOffset? RegistrationDeadline,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PersonalDataErasedAt)
{
    public static MeetingAdminView From(Meeting m) => new(
        m.Id, m.Status.ToString().ToLowerInvariant(), m.Kind, m.TranslatedTexts(), m.StartDate, m.EndDate, m.TimeZone, m.City,
        m.CountryCode, m.Format, m.CoChairs, m.Themes, m.WorkingGroups, m.FrameworkCodes, m.GcmObjectives, m.Agenda, m.Capacity,
        m.DelegationQuota, m.Moderated, m.RegistrationOpensAt, m.RegistrationDeadline, m.CreatedAt, m.UpdatedAt,
        m.PersonalDataErasedAt);
}
