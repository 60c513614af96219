using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Features.Meetings;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>The limits of a registration's fields.</summary>
public static class RegistrationRules
{
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 254;
    public const int TextMaxLength = 200;
    public const int NotesMaxLength = 1000;

    public static readonly IReadOnlyList<string> Participations = ["in-person", "online"];
}

public enum RegistrationStatus
{
    Pending,
    Confirmed,
    Waitlisted,
    Offered,
    Rejected,
    Cancelled,
}

/// <summary>One delegate registered by a delegation (a partner) for a meeting.</summary>
public sealed class Registration
{
    /// <summary>Statuses that hold a seat of the meeting's capacity.</summary>
    public static readonly RegistrationStatus[] SeatHolding = [RegistrationStatus.Pending, RegistrationStatus.Confirmed, RegistrationStatus.Offered];

    /// <summary>Statuses still in play (count against the delegation's quota and the one-email rule).</summary>
    public static readonly RegistrationStatus[] Active =
        [RegistrationStatus.Pending, RegistrationStatus.Confirmed, RegistrationStatus.Offered, RegistrationStatus.Waitlisted];

    public Guid Id { get; init; }

    public Guid MeetingId { get; init; }

    /// <summary>The delegation: the partner's code.</summary>
    public required string PartnerCode { get; init; }

    /// <summary>Arrival order (a database identity): the waiting list is served in this order.</summary>
    public long Sequence { get; private set; }

    public required string Email { get; init; }

    public required string GivenName { get; init; }

    public required string FamilyName { get; init; }

    public string? Function { get; init; }

    public string? Organisation { get; init; }

    public required string Language { get; init; }

    /// <summary>in-person or online.</summary>
    public required string Participation { get; init; }

    public string? WorkingGroup { get; init; }

    public bool VisaLetter { get; init; }

    /// <summary>Visible to the Secretariat only.</summary>
    public string? DietaryNotes { get; init; }

    /// <summary>Visible to the Secretariat only.</summary>
    public string? AccessibilityNotes { get; init; }

    public RegistrationStatus Status { get; set; }

    public DateTimeOffset? OfferExpiresAt { get; set; }

    public string? RejectionReason { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool HoldsSeat => SeatHolding.Contains(Status);

    /// <summary>Sets the place in line taken from the identity (<see cref="SeatTaking"/>: places follow the seat decisions).</summary>
    internal void PlaceInLine(long sequence) => Sequence = sequence;

    public bool IsActive => Active.Contains(Status);

    public string StatusName => Status.ToString().ToLowerInvariant();

    public RegistrationData ToData(Meeting meeting) => new(
        Id, PartnerCode, Email, GivenName, FamilyName, Language, StatusName, meeting.ToRegistrationMeeting());
}

/// <summary>What remains of a meeting's registrations once personal data is erased: counts per delegation and status.</summary>
public sealed class DelegationCount
{
    public Guid MeetingId { get; init; }

    public required string PartnerCode { get; init; }

    public required string Status { get; init; }

    public int Count { get; init; }
}

internal sealed class RegistrationConfiguration : IEntityTypeConfiguration<Registration>
{
    public void Configure(EntityTypeBuilder<Registration> builder)
    {
        builder.ToTable("registrations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Sequence).UseIdentityByDefaultColumn();
        builder.Property(r => r.PartnerCode).HasMaxLength(32);
        builder.Property(r => r.Email).HasMaxLength(RegistrationRules.EmailMaxLength);
        builder.Property(r => r.GivenName).HasMaxLength(RegistrationRules.NameMaxLength);
        builder.Property(r => r.FamilyName).HasMaxLength(RegistrationRules.NameMaxLength);
        builder.Property(r => r.Function).HasMaxLength(RegistrationRules.TextMaxLength);
        builder.Property(r => r.Organisation).HasMaxLength(RegistrationRules.TextMaxLength);
        builder.Property(r => r.Language).HasMaxLength(2);
        builder.Property(r => r.Participation).HasMaxLength(20);
        builder.Property(r => r.WorkingGroup).HasMaxLength(64);
        builder.Property(r => r.DietaryNotes).HasMaxLength(RegistrationRules.NotesMaxLength);
        builder.Property(r => r.AccessibilityNotes).HasMaxLength(RegistrationRules.NotesMaxLength);
        builder.Property(r => r.RejectionReason).HasMaxLength(RegistrationRules.NotesMaxLength);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Meeting>().WithMany().HasForeignKey(r => r.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.MeetingId, r.Sequence });
        builder.HasIndex(r => new { r.MeetingId, r.PartnerCode });
        // One active registration per email, meeting and delegation, whatever the race. Not per meeting alone: a
        // refusal would tell a partner that another delegation registered the address (docs/meetings.md, privacy);
        // the Secretariat's list flags one person registered by two delegations (AlsoRegisteredBy).
        builder.HasIndex(r => new { r.MeetingId, r.Email, r.PartnerCode })
            .IsUnique()
            .HasFilter("status IN ('Pending', 'Confirmed', 'Waitlisted', 'Offered')")
            .HasDatabaseName("ux_registrations_active_email_per_delegation");
        builder.HasIndex(r => r.OfferExpiresAt).HasFilter("status = 'Offered'");
        builder.Ignore(r => r.HoldsSeat);
        builder.Ignore(r => r.IsActive);
        builder.Ignore(r => r.StatusName);
    }
}

internal sealed class DelegationCountConfiguration : IEntityTypeConfiguration<DelegationCount>
{
    public void Configure(EntityTypeBuilder<DelegationCount> builder)
    {
        builder.ToTable("delegation_counts");
        builder.HasKey(c => new { c.MeetingId, c.PartnerCode, c.Status });
        builder.Property(c => c.PartnerCode).HasMaxLength(32);
        builder.Property(c => c.Status).HasMaxLength(20);
        builder.HasOne<Meeting>().WithMany().HasForeignKey(c => c.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}
