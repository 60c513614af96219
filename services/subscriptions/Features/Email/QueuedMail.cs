using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RabatPlatform.Subscriptions.Features.Email;

public static class MailKinds
{
    public const string Confirmation = "confirmation";
    public const string Notification = "notification";
    public const string Registration = "registration";
}

public static class MailStates
{
    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>
/// One email to send: the queue is this table. A notification row names a subscriber and an item (rendered
/// when sent, unique per pair: the exactly-once guarantee); other rows carry their rendered MIME message.
/// </summary>
public sealed class QueuedMail
{
    public Guid Id { get; set; }

    public string Kind { get; set; } = "";

    public Guid? SubscriberId { get; set; }

    public string? ItemKey { get; set; }

    /// <summary>Recipient of a transactional (registration) mail; null for subscriber mails.</summary>
    public string? Recipient { get; set; }

    public byte[]? Message { get; set; }

    public string State { get; set; } = MailStates.Queued;

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastError { get; set; }
}

public sealed class QueuedMailConfiguration : IEntityTypeConfiguration<QueuedMail>
{
    public void Configure(EntityTypeBuilder<QueuedMail> builder)
    {
        builder.ToTable("mail_queue");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Kind).HasMaxLength(16);
        builder.Property(m => m.State).HasMaxLength(16);
        builder.Property(m => m.ItemKey).HasMaxLength(64);
        builder.Property(m => m.Recipient).HasMaxLength(320);
        builder.HasIndex(m => new { m.SubscriberId, m.ItemKey }).IsUnique().HasFilter("item_key IS NOT NULL");
        builder.HasIndex(m => new { m.State, m.NextAttemptAt });
    }
}
