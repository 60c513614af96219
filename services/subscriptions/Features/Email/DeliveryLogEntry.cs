using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RabatPlatform.Subscriptions.Features.Email;

/// <summary>Every SMTP attempt and its outcome.</summary>
public sealed class DeliveryLogEntry
{
    public long Id { get; set; }

    public Guid MailId { get; set; }

    public Guid? SubscriberId { get; set; }

    public string Kind { get; set; } = "";

    /// <summary>sent, temporary-failure, permanent-failure, cancelled.</summary>
    public string Outcome { get; set; } = "";

    public int? SmtpStatus { get; set; }

    public string? Detail { get; set; }

    public DateTimeOffset At { get; set; }
}

public sealed class DeliveryLogEntryConfiguration : IEntityTypeConfiguration<DeliveryLogEntry>
{
    public void Configure(EntityTypeBuilder<DeliveryLogEntry> builder)
    {
        builder.ToTable("mail_delivery_log");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Kind).HasMaxLength(16);
        builder.Property(l => l.Outcome).HasMaxLength(24);
        builder.Property(l => l.Detail).HasMaxLength(1000);
        builder.HasIndex(l => l.MailId);
    }
}
