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

/// <summary>An item subscribers are notified of (<c>news:{id}</c>, <c>meeting:{id}</c>, <c>publication:{id}</c>).</summary>
public sealed class NotificationItem
{
    public string Key { get; set; } = "";

    public string Kind { get; set; } = "";

    public List<string> Topics { get; set; } = [];

    /// <summary>JSON: language → { title, summary, url }.</summary>
    public string Texts { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed record NotificationText(string Title, string? Summary, string Url);

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

public sealed class NotificationItemConfiguration : IEntityTypeConfiguration<NotificationItem>
{
    public void Configure(EntityTypeBuilder<NotificationItem> builder)
    {
        builder.ToTable("notification_items");
        builder.HasKey(i => i.Key);
        builder.Property(i => i.Key).HasMaxLength(64);
        builder.Property(i => i.Kind).HasMaxLength(16);
        builder.Property(i => i.Texts).HasColumnType("jsonb");
    }
}
