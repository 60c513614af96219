using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Alignment;

public static class ActivityTypes
{
    public const string Meeting = "meeting";
    public const string Publication = "publication";
    public const string News = "news";
    public const string Page = "page";
}

/// <summary>
/// One activity of the GCM alignment read model (a meeting, publication, news item or page), built
/// only from events. A cancelled/withdrawn/unpublished item stays as an inactive row, so an older
/// event arriving late cannot bring it back: every change carries its event's time
/// (<see cref="LastOccurredAt"/>) and an older event than the one applied is ignored.
/// </summary>
public sealed class AlignmentActivity
{
    public required string ItemType { get; init; }

    public required Guid ItemId { get; init; }

    /// <summary>Meeting kind or publication type (<c>thematic-meeting</c>, <c>report</c>); null for news and pages.</summary>
    public string? Kind { get; set; }

    public string? TitleFr { get; set; }

    public string? TitleEn { get; set; }

    public string? SlugFr { get; set; }

    public string? SlugEn { get; set; }

    public DateOnly Date { get; set; }

    public List<int> GcmObjectives { get; set; } = [];

    public bool Active { get; set; }

    public DateTimeOffset LastOccurredAt { get; set; }

    /// <summary>The title and slug in <paramref name="language"/>, else in the other language (<c>fallback</c>).</summary>
    public (string Language, string? Title, string? Slug, bool Fallback) Resolve(string language)
    {
        var (title, slug) = Text(language);
        if (title is not null)
        {
            return (language, title, slug, false);
        }

        var other = Languages.Other(language);
        var (otherTitle, otherSlug) = Text(other);
        return (other, otherTitle, otherSlug, true);
    }

    private (string? Title, string? Slug) Text(string language) =>
        language == Languages.English ? (TitleEn, SlugEn) : (TitleFr, SlugFr);
}

internal sealed class AlignmentActivityConfiguration : IEntityTypeConfiguration<AlignmentActivity>
{
    public void Configure(EntityTypeBuilder<AlignmentActivity> builder)
    {
        builder.ToTable("gcm_alignment_activities");
        builder.HasKey(a => new { a.ItemType, a.ItemId });
        builder.Property(a => a.ItemType).HasMaxLength(20);
        builder.Property(a => a.Kind).HasMaxLength(64);
        builder.Property(a => a.TitleFr).HasMaxLength(500);
        builder.Property(a => a.TitleEn).HasMaxLength(500);
        builder.Property(a => a.SlugFr).HasMaxLength(300);
        builder.Property(a => a.SlugEn).HasMaxLength(300);
        builder.HasIndex(a => a.GcmObjectives).HasMethod("gin");
    }
}
