using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>The two kinds of editorial content; they share one model, workflow and API.</summary>
public enum EditorialKind
{
    News,
    Page,
}

/// <summary>draft → scheduled → published → archived.</summary>
public enum EditorialStatus
{
    Draft,
    Scheduled,
    Published,
    Archived,
}

/// <summary>
/// A news item or a page: one translation group with a French and/or an English version. Each
/// version has its own title, summary, body, slug and status (<c>ready</c> or <c>draft</c>: a draft
/// version stays hidden when the item is published, and readers get the other language).
/// </summary>
public sealed class EditorialItem
{
    private EditorialItem()
    {
    }

    public Guid Id { get; private set; }

    public EditorialKind Kind { get; private set; }

    public EditorialStatus Status { get; private set; }

    public List<string> Tags { get; private set; } = [];

    public List<EditorialTranslation> Translations { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When the item went (or goes, when scheduled) public.</summary>
    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>When a scheduled item is to be published.</summary>
    public DateTimeOffset? PublishAt { get; private set; }

    /// <summary>When a published item is to be archived (no longer public).</summary>
    public DateTimeOffset? UnpublishAt { get; private set; }

    /// <summary>The number of the latest revision.</summary>
    public int Revision { get; private set; }

    /// <summary>Optimistic concurrency token (PostgreSQL's xmin).</summary>
    public uint Version { get; private set; }

    public string Type => Kind == EditorialKind.News ? "news" : "page";

    public bool IsPublic => Status == EditorialStatus.Published;

    public static EditorialItem Create(EditorialKind kind, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Kind = kind,
        Status = EditorialStatus.Draft,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public IEnumerable<EditorialTranslation> ReadyTranslations => Translations.Where(t => t.Ready).OrderBy(t => t.Language == Languages.Default ? 0 : 1);

    public EditorialTranslation? Translation(string language) => Translations.FirstOrDefault(t => t.Language == language);

    /// <summary>
    /// The version in <paramref name="language"/>, else the other one (<c>fallback</c>); with
    /// <paramref name="readyOnly"/>, draft versions do not count. Null when there is none.
    /// </summary>
    public (EditorialTranslation Translation, bool Fallback)? Resolve(string language, bool readyOnly = true)
    {
        var candidates = readyOnly ? ReadyTranslations.ToList() : Translations;
        if (candidates.FirstOrDefault(t => t.Language == language) is { } exact)
        {
            return (exact, false);
        }

        return candidates.FirstOrDefault(t => t.Language == Languages.Other(language)) is { } other ? (other, true) : null;
    }

    /// <summary>The public versions as events carry them, keyed by language.</summary>
    public Dictionary<string, TranslatedText> PublicTexts() =>
        ReadyTranslations.ToDictionary(t => t.Language, t => new TranslatedText(t.Title, t.Summary, t.Body, t.Slug));

    /// <summary>Replaces the versions and tags, editing existing versions in place.</summary>
    public void SetContent(IReadOnlyList<EditorialTranslation> translations, IEnumerable<string> tags, DateTimeOffset now)
    {
        Translations.RemoveAll(existing => translations.All(t => t.Language != existing.Language));
        foreach (var t in translations)
        {
            if (Translation(t.Language) is { } existing)
            {
                existing.Title = t.Title;
                existing.Summary = t.Summary;
                existing.Body = t.Body;
                existing.Source = t.Source;
                existing.Format = t.Format;
                existing.Slug = t.Slug;
                existing.Ready = t.Ready;
            }
            else
            {
                t.Kind = Kind;
                Translations.Add(t);
            }
        }

        Tags = tags.ToList();
        UpdatedAt = now;
    }

    public void Schedule(DateTimeOffset publishAt, DateTimeOffset now)
    {
        Status = EditorialStatus.Scheduled;
        PublishAt = publishAt.ToUniversalTime(); // PostgreSQL timestamptz takes UTC only
        PublishedAt = null;
        UpdatedAt = now;
    }

    public void SetUnpublishAt(DateTimeOffset? unpublishAt, DateTimeOffset now)
    {
        UnpublishAt = unpublishAt?.ToUniversalTime();
        UpdatedAt = now;
    }

    public void Publish(DateTimeOffset publishedAt, DateTimeOffset now)
    {
        Status = EditorialStatus.Published;
        PublishedAt = publishedAt;
        PublishAt = null;
        UpdatedAt = now;
    }

    /// <summary>Back to draft (the Secretariat takes it down, or cancels a schedule).</summary>
    public void Unpublish(DateTimeOffset now)
    {
        Status = EditorialStatus.Draft;
        PublishedAt = null;
        PublishAt = null;
        UnpublishAt = null;
        UpdatedAt = now;
    }

    /// <summary>No longer public, kept for the record (by hand or when <see cref="UnpublishAt"/> passes).</summary>
    public void Archive(DateTimeOffset now)
    {
        Status = EditorialStatus.Archived;
        PublishAt = null;
        UnpublishAt = null;
        UpdatedAt = now;
    }

    /// <summary>An edit: new versions and tags, an optional new schedule; a published item announces the change.</summary>
    public void Update(
        IReadOnlyList<EditorialTranslation> translations, IEnumerable<string> tags, DateTimeOffset? publishAt, DateTimeOffset? unpublishAt,
        ServiceDbContext db, DateTimeOffset now)
    {
        SetContent(translations, tags, now);
        if (publishAt is { } start)
        {
            Schedule(start, now);
        }

        if (unpublishAt is { } end)
        {
            SetUnpublishAt(end, now);
        }

        if (Status == EditorialStatus.Published)
        {
            AnnounceUpdated(db, now);
        }
    }

    /// <summary>A revision's versions and tags put back (the workflow state stays); a published item announces the change.</summary>
    public void Restore(IReadOnlyList<EditorialTranslation> translations, IEnumerable<string> tags, ServiceDbContext db, DateTimeOffset now)
    {
        SetContent(translations, tags, now);
        if (Status == EditorialStatus.Published)
        {
            AnnounceUpdated(db, now);
        }
    }

    /// <summary>
    /// Publishes now (or at <paramref name="original"/>, an archive item's past date); a removal time
    /// already passed is dropped. The event commits with the change (outbox).
    /// </summary>
    public void PublishNow(DateTimeOffset? original, ServiceDbContext db, DateTimeOffset now)
    {
        Publish(original ?? now, now);
        if (UnpublishAt <= now)
        {
            SetUnpublishAt(null, now);
        }

        AnnouncePublished(db, now);
    }

    /// <summary>Back to draft, or archived; taking a published item down announces it.</summary>
    public void TakeDown(bool archive, ServiceDbContext db, DateTimeOffset now)
    {
        if (Status == EditorialStatus.Published)
        {
            AnnounceUnpublished(db, now);
        }

        if (archive)
        {
            Archive(now);
        }
        else
        {
            Unpublish(now);
        }
    }

    public int NextRevision() => ++Revision;

    /// <summary>Queues <c>news.published</c> / <c>page.published</c> in the outbox.</summary>
    public void AnnouncePublished(ServiceDbContext db, DateTimeOffset now)
    {
        if (Kind == EditorialKind.News)
        {
            db.Publish(new NewsPublished(Guid.CreateVersion7(now), now, Id, PublishedAt ?? now, PublicTexts(), Tags.ToList()));
        }
        else
        {
            db.Publish(new PagePublished(Guid.CreateVersion7(now), now, Id, PublishedAt ?? now, PublicTexts(), Tags.ToList()));
        }
    }

    /// <summary>Queues <c>news.updated</c> / <c>page.updated</c> in the outbox.</summary>
    public void AnnounceUpdated(ServiceDbContext db, DateTimeOffset now)
    {
        if (Kind == EditorialKind.News)
        {
            db.Publish(new NewsUpdated(Guid.CreateVersion7(now), now, Id, PublishedAt ?? now, PublicTexts(), Tags.ToList()));
        }
        else
        {
            db.Publish(new PageUpdated(Guid.CreateVersion7(now), now, Id, PublishedAt ?? now, PublicTexts(), Tags.ToList()));
        }
    }

    /// <summary>Queues <c>news.unpublished</c> / <c>page.unpublished</c> in the outbox.</summary>
    public void AnnounceUnpublished(ServiceDbContext db, DateTimeOffset now)
    {
        var slugs = Translations.ToDictionary(t => t.Language, t => t.Slug);
        if (Kind == EditorialKind.News)
        {
            db.Publish(new NewsUnpublished(Guid.CreateVersion7(now), now, Id, slugs));
        }
        else
        {
            db.Publish(new PageUnpublished(Guid.CreateVersion7(now), now, Id, slugs));
        }
    }
}

public sealed class EditorialTranslation
{
    public required string Language { get; init; }

    /// <summary>A copy of the item's kind, so that slugs are unique per kind and language.</summary>
    public EditorialKind Kind { get; set; }

    public required string Title { get; set; }

    public string? Summary { get; set; }

    /// <summary>Sanitised HTML, as served.</summary>
    public string? Body { get; set; }

    /// <summary>The body as the editor wrote it (Markdown or HTML).</summary>
    public string? Source { get; set; }

    /// <summary><c>markdown</c> or <c>html</c>.</summary>
    public string Format { get; set; } = EditorialFormats.Html;

    public required string Slug { get; set; }

    /// <summary>The version's own status: ready (public when the item is) or draft (never public).</summary>
    public bool Ready { get; set; } = true;
}

internal sealed class EditorialItemConfiguration : IEntityTypeConfiguration<EditorialItem>
{
    public void Configure(EntityTypeBuilder<EditorialItem> builder)
    {
        builder.ToTable("editorial_items");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Version).IsRowVersion();
        builder.Ignore(n => n.Type);
        builder.Ignore(n => n.IsPublic);
        builder.Ignore(n => n.ReadyTranslations);
        builder.HasIndex(n => new { n.Kind, n.Status, n.PublishedAt });
        builder.HasIndex(n => new { n.Status, n.PublishAt });
        builder.HasIndex(n => new { n.Status, n.UnpublishAt });
        builder.OwnsMany(n => n.Translations, t =>
        {
            t.ToTable("editorial_translations");
            t.WithOwner().HasForeignKey("ItemId");
            t.HasKey("ItemId", nameof(EditorialTranslation.Language));
            t.Property(x => x.Language).HasMaxLength(2);
            t.Property(x => x.Kind).HasConversion<string>().HasMaxLength(10);
            t.Property(x => x.Title).HasMaxLength(EditorialRules.TitleMaxLength);
            t.Property(x => x.Summary).HasMaxLength(EditorialRules.SummaryMaxLength);
            t.Property(x => x.Format).HasMaxLength(10);
            t.Property(x => x.Slug).HasMaxLength(Microsoft.Extensions.Hosting.Slugs.MaxLength);
            t.HasIndex(x => new { x.Kind, x.Language, x.Slug }).IsUnique();
        });
        builder.Navigation(n => n.Translations).AutoInclude();
    }
}
