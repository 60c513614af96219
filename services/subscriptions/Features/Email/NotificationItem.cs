using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RabatPlatform.Subscriptions.Features.Email;

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
