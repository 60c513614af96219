using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;

namespace RabatPlatform.Meetings.Features.Meetings;

/// <summary>The limits and vocabularies of a meeting.</summary>
public static partial class MeetingRules
{
    public const int TitleMaxLength = 300;
    public const int SummaryMaxLength = 4000;
    public const int CityMaxLength = 100;
    public const int MaxTags = 20;
    public const int TagMaxLength = 64;
    public const int MaxAgendaItems = 200;
    public const int AgendaTitleMaxLength = 500;
    public const int MaxCapacity = 100_000;

    public static readonly IReadOnlyList<string> Kinds =
    [
        "ministerial-conference", "senior-officials-meeting", "steering-committee", "thematic-meeting",
        "technical-workshop", "round-table", "webinar", "training",
    ];

    public static readonly IReadOnlyList<string> Formats = ["in-person", "virtual", "hybrid"];

    public static readonly IReadOnlyList<string> WritableStatuses = ["planned", "announced"];

    [GeneratedRegex("^[a-z0-9]+([.-][a-z0-9]+)*$")]
    public static partial Regex Tag();

    [GeneratedRegex(@"^(rabat-2006|marrakech-2018|cadiz-2023)(\.d[1-9][0-9]?(\.o[1-9][0-9]?)?)?$")]
    public static partial Regex FrameworkCode();

    [GeneratedRegex("^[A-Z]{2}$")]
    public static partial Regex CountryCode();

    [GeneratedRegex("^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    public static partial Regex Time();
}

public enum MeetingStatus
{
    Planned,
    Announced,
    Cancelled,
}

/// <summary>A meeting of the dialogue, with its registration settings.</summary>
public sealed class Meeting
{
    private Meeting()
    {
    }

    public Guid Id { get; private set; }

    public MeetingStatus Status { get; set; }

    public string Kind { get; set; } = "";

    public List<MeetingTranslation> Translations { get; private set; } = [];

    public DateOnly StartDate { get; set; }

    public DateOnly EndDate { get; set; }

    /// <summary>IANA time zone of the venue (<c>Europe/Madrid</c>).</summary>
    public string TimeZone { get; set; } = "UTC";

    public string? City { get; set; }

    public string? CountryCode { get; set; }

    public string Format { get; set; } = "";

    public List<string> CoChairs { get; set; } = [];

    public List<string> Themes { get; set; } = [];

    public List<string> WorkingGroups { get; set; } = [];

    public List<string> FrameworkCodes { get; set; } = [];

    public List<int> GcmObjectives { get; set; } = [];

    public AgendaItems Agenda { get; set; } = [];

    /// <summary>Seats (pending, confirmed and offered registrations hold one); null: unlimited.</summary>
    public int? Capacity { get; set; }

    /// <summary>Delegates per delegation (every active registration counts); null: unlimited.</summary>
    public int? DelegationQuota { get; set; }

    /// <summary>Registrations wait for the Secretariat (pending) before they are confirmed.</summary>
    public bool Moderated { get; set; }

    public DateTimeOffset? RegistrationOpensAt { get; set; }

    public DateTimeOffset? RegistrationDeadline { get; set; }

    /// <summary>When <c>meeting.registration_opened</c> was written (once per window).</summary>
    public DateTimeOffset? RegistrationOpenedAnnouncedAt { get; set; }

    /// <summary>When <c>meeting.registration_deadline_approaching</c> was written (once per deadline).</summary>
    public DateTimeOffset? DeadlineReminderSentAt { get; set; }

    /// <summary>When the delegates' personal data was erased (only counts per delegation remain).</summary>
    public DateTimeOffset? PersonalDataErasedAt { get; set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// The meeting's one iCalendar UID, <c>{id}@{Meetings:CalendarUidDomain}</c>, fixed at creation: the same in its
    /// calendar files and in every mail attachment, so that a calendar holds one event per meeting.
    /// </summary>
    public string? CalendarUid { get; private set; }

    /// <summary>iCalendar SEQUENCE: bumped on each change of dates, place or status, so that calendars apply the change.</summary>
    public int CalendarSequence { get; private set; }

    /// <summary>Optimistic concurrency token (PostgreSQL's xmin).</summary>
    public uint Version { get; private set; }

    public static Meeting Create(DateTimeOffset now, string calendarUidDomain)
    {
        var id = Guid.CreateVersion7(now);
        return new() { Id = id, CreatedAt = now, UpdatedAt = now, CalendarUid = $"{id}@{calendarUidDomain}" };
    }

    /// <summary>The UID in calendars (rows bulk-loaded without one get the default domain's).</summary>
    public string Uid => CalendarUid ?? $"{Id}@{MeetingsOptions.DefaultCalendarUidDomain}";

    /// <summary>What a calendar must hear of: <c>dates</c>, <c>place</c>, <c>status</c>.</summary>
    public (DateOnly, DateOnly, string, string?, string?, string, MeetingStatus) CalendarFacts() =>
        (StartDate, EndDate, TimeZone, City, CountryCode, Format, Status);

    /// <summary>The calendar changes since <paramref name="before"/>; any bumps <see cref="CalendarSequence"/>.</summary>
    public IReadOnlyList<string> RecordCalendarChanges((DateOnly, DateOnly, string, string?, string?, string, MeetingStatus) before)
    {
        var (start, end, zone, city, country, format, status) = before;
        var changes = new List<string>();
        if (start != StartDate || end != EndDate || zone != TimeZone)
        {
            changes.Add("dates");
        }

        if (city != City || country != CountryCode || format != Format)
        {
            changes.Add("place");
        }

        if (status != Status)
        {
            changes.Add("status");
        }

        if (changes.Count > 0)
        {
            CalendarSequence++;
        }

        return changes;
    }

    public MeetingTranslation? Translation(string language) => Translations.FirstOrDefault(t => t.Language == language);

    public (MeetingTranslation Translation, bool Fallback) ResolveTranslation(string language) =>
        Translation(language) is { } exact ? (exact, false) : (Translation(Languages.Other(language)) ?? Translations[0], true);

    public Dictionary<string, TranslatedText> TranslatedTexts() =>
        Translations.ToDictionary(t => t.Language, t => new TranslatedText(t.Title, t.Summary, null, t.Slug));

    public Dictionary<string, string> Slugs() => Translations.ToDictionary(t => t.Language, t => t.Slug);

    public Dictionary<string, string> Titles() => Translations.ToDictionary(t => t.Language, t => t.Title);

    public void SetTranslations(IReadOnlyList<MeetingTranslation> translations)
    {
        Translations.RemoveAll(existing => translations.All(t => t.Language != existing.Language));
        foreach (var t in translations)
        {
            if (Translation(t.Language) is { } existing)
            {
                existing.Title = t.Title;
                existing.Summary = t.Summary;
                existing.Slug = t.Slug;
            }
            else
            {
                Translations.Add(t);
            }
        }
    }

    /// <summary>The first instant after the meeting (midnight after its last day, in its time zone).</summary>
    public DateTimeOffset EndsAt()
    {
        var local = EndDate.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var zone = TimeZones.Find(TimeZone) ?? TimeZoneInfo.Utc;
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The moment registration opens: its own date, else at once.</summary>
    public DateTimeOffset? EffectiveOpensAt => RegistrationOpensAt;

    /// <summary>The registration deadline: its own, else the meeting's first day (in its time zone).</summary>
    public DateTimeOffset EffectiveDeadline()
    {
        if (RegistrationDeadline is { } deadline)
        {
            return deadline;
        }

        var local = StartDate.ToDateTime(TimeOnly.MinValue);
        var zone = TimeZones.Find(TimeZone) ?? TimeZoneInfo.Utc;
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    public MeetingData ToData() => new(
        Kind,
        TranslatedTexts(),
        StartDate,
        EndDate,
        City,
        CountryCode,
        Format,
        CoChairs,
        Themes,
        GcmObjectives,
        TimeZone,
        WorkingGroups,
        FrameworkCodes,
        Status.ToString().ToLowerInvariant(),
        RegistrationOpensAt,
        RegistrationDeadline);

    public RegistrationMeeting ToRegistrationMeeting() =>
        new(Id, Titles(), Slugs(), StartDate, EndDate, TimeZone, City, CountryCode, Format, Uid, CalendarSequence);
}

public sealed class MeetingTranslation
{
    public required string Language { get; init; }

    public required string Title { get; set; }

    public string? Summary { get; set; }

    public required string Slug { get; set; }
}

/// <summary>One line of a meeting's agenda: its day, optional time, and its title in fr and/or en.</summary>
public sealed class AgendaItem
{
    public DateOnly? Date { get; set; }

    public string? Time { get; set; }

    public Dictionary<string, string> Titles { get; set; } = [];
}

public sealed class AgendaItems : List<AgendaItem>
{
    public AgendaItems()
    {
    }

    public AgendaItems(IEnumerable<AgendaItem> items) : base(items)
    {
    }
}

/// <summary>IANA time zone lookup.</summary>
public static class TimeZones
{
    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
    }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> builder)
    {
        builder.ToTable("meetings");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Kind).HasMaxLength(40);
        builder.Property(m => m.Format).HasMaxLength(20);
        builder.Property(m => m.TimeZone).HasMaxLength(64);
        builder.Property(m => m.City).HasMaxLength(MeetingRules.CityMaxLength);
        builder.Property(m => m.CountryCode).HasMaxLength(2);
        builder.Property(m => m.Agenda).HasJsonConversion();
        builder.Property(m => m.CalendarUid).HasMaxLength(300);
        builder.Property(m => m.Version).IsRowVersion();
        builder.HasIndex(m => new { m.Status, m.StartDate });
        builder.OwnsMany(m => m.Translations, t =>
        {
            t.ToTable("meeting_translations");
            t.WithOwner().HasForeignKey("MeetingId");
            t.HasKey("MeetingId", nameof(MeetingTranslation.Language));
            t.Property(x => x.Language).HasMaxLength(2);
            t.Property(x => x.Title).HasMaxLength(MeetingRules.TitleMaxLength);
            t.Property(x => x.Summary).HasMaxLength(MeetingRules.SummaryMaxLength);
            t.Property(x => x.Slug).HasMaxLength(Microsoft.Extensions.Hosting.Slugs.MaxLength);
            t.HasIndex(x => new { x.Language, x.Slug }).IsUnique();
        });
        builder.Navigation(m => m.Translations).AutoInclude();
    }
}
