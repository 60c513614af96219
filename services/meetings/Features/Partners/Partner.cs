using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;

namespace RabatPlatform.Meetings.Features.Partners;

/// <summary>The meetings service's own copy of a partner (from <c>partner.registered</c>/<c>partner.updated</c>).</summary>
public sealed class Partner
{
    public required string Code { get; set; }

    public required string Type { get; set; }

    public required string Status { get; set; }

    public Dictionary<string, string> Names { get; set; } = [];

    /// <summary>When the event this copy comes from happened: an older event never overwrites it.</summary>
    public DateTimeOffset SourceTime { get; set; }
}

internal sealed class PartnerConfiguration : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> builder)
    {
        builder.ToTable("partners");
        builder.HasKey(p => p.Code);
        builder.Property(p => p.Code).HasMaxLength(32);
        builder.Property(p => p.Type).HasMaxLength(32);
        builder.Property(p => p.Status).HasMaxLength(32);
        builder.Property(p => p.Names).HasJsonConversion();
    }
}

/// <summary>Applies a partner event to the local copy unless a newer one was applied already.</summary>
internal static class PartnerCopy
{
    public static async Task ApplyAsync(MeetingsDbContext db, PartnerData data, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        var existing = await db.Partners.FirstOrDefaultAsync(p => p.Code == data.Code, cancellationToken);
        if (existing is null)
        {
            db.Partners.Add(new Partner
            {
                Code = data.Code,
                Type = data.Type,
                Status = data.Status,
                Names = data.Names.ToDictionary(),
                SourceTime = occurredAt,
            });
            return;
        }

        if (existing.SourceTime >= occurredAt)
        {
            return;
        }

        existing.Type = data.Type;
        existing.Status = data.Status;
        existing.Names = data.Names.ToDictionary();
        existing.SourceTime = occurredAt;
    }
}

public sealed class PartnerRegisteredConsumer(MeetingsDbContext db) : IConsumer<PartnerRegistered>
{
    public Task Consume(ConsumeContext<PartnerRegistered> context) =>
        PartnerCopy.ApplyAsync(db, context.Message.Partner, context.Message.OccurredAt, context.CancellationToken);
}

public sealed class PartnerUpdatedConsumer(MeetingsDbContext db) : IConsumer<PartnerUpdated>
{
    public Task Consume(ConsumeContext<PartnerUpdated> context) =>
        PartnerCopy.ApplyAsync(db, context.Message.Partner, context.Message.OccurredAt, context.CancellationToken);
}
