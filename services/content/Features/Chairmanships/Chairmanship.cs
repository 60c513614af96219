using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RabatPlatform.Content.Features.Partners;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Chairmanships;

/// <summary>
/// A partner's term as chair of the dialogue, from <see cref="From"/> to <see cref="To"/> (both days
/// included; no <see cref="To"/>: still chairing). Terms never overlap.
/// </summary>
public sealed class Chairmanship
{
    private Chairmanship()
    {
    }

    public Guid Id { get; private set; }

    public string PartnerCode { get; private set; } = "";

    public DateOnly From { get; private set; }

    public DateOnly? To { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    public static Chairmanship Create(string partnerCode, DateOnly from, DateOnly? to, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        PartnerCode = partnerCode,
        From = from,
        To = to,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void Update(string partnerCode, DateOnly from, DateOnly? to, DateTimeOffset now)
    {
        PartnerCode = partnerCode;
        From = from;
        To = to;
        UpdatedAt = now;
    }

    public bool Covers(DateOnly day) => From <= day && (To is null || To >= day);

    public ChairmanshipChanged ToChangedEvent(DateTimeOffset now) => new(Guid.CreateVersion7(now), now, Id, PartnerCode, From, To);
}

internal sealed class ChairmanshipConfiguration : IEntityTypeConfiguration<Chairmanship>
{
    public void Configure(EntityTypeBuilder<Chairmanship> builder)
    {
        builder.ToTable("chairmanships");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.PartnerCode).HasMaxLength(Partner.CodeMaxLength);
        builder.HasOne<Partner>().WithMany().HasForeignKey(c => c.PartnerCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.From);
        builder.Property(c => c.Version).IsRowVersion();
    }
}

/// <summary>Today's date (UTC) by the service's clock.</summary>
internal static class Today
{
    public static DateOnly Of(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
