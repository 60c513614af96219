using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.News;

public enum NewsStatus
{
    Draft,
    Scheduled,
    Published,
    Archived,
}

/// <summary>A news item ("En action"): one translation group with a French and/or an English version.</summary>
public sealed class NewsItem
{
    private NewsItem()
    {
    }

    public Guid Id { get; private set; }

    public NewsStatus Status { get; private set; }

    public List<string> Tags { get; private set; } = [];

    public List<NewsTranslation> Translations { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>Optimistic concurrency token (PostgreSQL's xmin).</summary>
    public uint Version { get; private set; }

    public static NewsItem Create(IEnumerable<NewsTranslation> translations, IEnumerable<string> tags, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Status = NewsStatus.Draft,
        Tags = tags.ToList(),
        Translations = translations.ToList(),
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Every version as events and the Secretariat's view carry it, keyed by language.</summary>
    public Dictionary<string, TranslatedText> TranslatedTexts() =>
        Translations.ToDictionary(t => t.Language, t => new TranslatedText(t.Title, t.Summary, t.Body, t.Slug));

    public NewsTranslation? Translation(string language) => Translations.FirstOrDefault(t => t.Language == language);

    /// <summary>The version in <paramref name="language"/>, else the other one (<c>fallback</c>).</summary>
    public (NewsTranslation Translation, bool Fallback) ResolveTranslation(string language) =>
        Translation(language) is { } exact ? (exact, false) : (Translation(Languages.Other(language))!, true);

    /// <summary>Replaces the versions and tags, editing existing versions in place.</summary>
    public void Update(IReadOnlyList<NewsTranslation> translations, IEnumerable<string> tags, DateTimeOffset now)
    {
        Translations.RemoveAll(existing => translations.All(t => t.Language != existing.Language));
        foreach (var t in translations)
        {
            if (Translation(t.Language) is { } existing)
            {
                existing.Title = t.Title;
                existing.Summary = t.Summary;
                existing.Body = t.Body;
                existing.Slug = t.Slug;
            }
            else
            {
                Translations.Add(t);
            }
        }

        Tags = tags.ToList();
        UpdatedAt = now;
    }

    public void Unpublish(DateTimeOffset now)
    {
        Status = NewsStatus.Draft;
        PublishedAt = null;
        UpdatedAt = now;
    }

    public NewsUpdated ToUpdatedEvent(DateTimeOffset now) => new(
        Guid.CreateVersion7(now),
        now,
        Id,
        PublishedAt ?? now,
        TranslatedTexts(),
        Tags);

    public NewsUnpublished ToUnpublishedEvent(DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, Id, Translations.ToDictionary(t => t.Language, t => t.Slug));

    public void Publish(DateTimeOffset now)
    {
        Status = NewsStatus.Published;
        PublishedAt = now;
        UpdatedAt = now;
    }

    public NewsPublished ToPublishedEvent(DateTimeOffset now) => new(
        Guid.CreateVersion7(now),
        now,
        Id,
        PublishedAt ?? now,
        TranslatedTexts(),
        Tags);
}

public sealed class NewsTranslation
{
    public required string Language { get; init; }

    public required string Title { get; set; }

    public string? Summary { get; set; }

    /// <summary>Sanitised HTML.</summary>
    public string? Body { get; set; }

    public required string Slug { get; set; }
}

internal sealed class NewsItemConfiguration : IEntityTypeConfiguration<NewsItem>
{
    public void Configure(EntityTypeBuilder<NewsItem> builder)
    {
        builder.ToTable("news");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Version).IsRowVersion();
        builder.HasIndex(n => new { n.Status, n.PublishedAt });
        builder.OwnsMany(n => n.Translations, t =>
        {
            t.ToTable("news_translations");
            t.WithOwner().HasForeignKey("NewsId");
            t.HasKey("NewsId", nameof(NewsTranslation.Language));
            t.Property(x => x.Language).HasMaxLength(2);
            t.Property(x => x.Title).HasMaxLength(NewsRules.TitleMaxLength);
            t.Property(x => x.Summary).HasMaxLength(NewsRules.SummaryMaxLength);
            t.Property(x => x.Slug).HasMaxLength(Microsoft.Extensions.Hosting.Slugs.MaxLength);
            t.HasIndex(x => new { x.Language, x.Slug }).IsUnique();
        });
        builder.Navigation(n => n.Translations).AutoInclude();
    }
}
