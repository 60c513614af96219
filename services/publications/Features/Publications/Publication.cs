using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RabatPlatform.Contracts;

namespace RabatPlatform.Publications.Features.Publications;

public enum PublicationStatus
{
    Draft,
    Published,
    Withdrawn,
}

/// <summary>A publication: bilingual metadata and, per language, a series of file versions.</summary>
public sealed class Publication
{
    private Publication()
    {
    }

    public Guid Id { get; private set; }

    public string Type { get; private set; } = "";

    public PublicationStatus Status { get; private set; }

    public DateOnly PublishedOn { get; private set; }

    public List<string> Authors { get; private set; } = [];

    public List<string> Partners { get; private set; } = [];

    public List<string> Themes { get; private set; } = [];

    public List<string> Frameworks { get; private set; } = [];

    public List<int> GcmObjectives { get; private set; } = [];

    public Guid? RelatedMeetingId { get; private set; }

    public List<PublicationTranslation> Translations { get; private set; } = [];

    public List<PublicationFile> Files { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    public DateTimeOffset? WithdrawnAt { get; private set; }

    /// <summary>Optimistic concurrency token (PostgreSQL's xmin).</summary>
    public uint Version { get; private set; }

    public static Publication Create(PublicationInput input, DateTimeOffset now)
    {
        var publication = new Publication
        {
            Id = Guid.CreateVersion7(now),
            Status = PublicationStatus.Draft,
            CreatedAt = now,
        };
        publication.Apply(input, now);
        return publication;
    }

    public void Update(PublicationInput input, DateTimeOffset now) => Apply(input, now);

    private void Apply(PublicationInput input, DateTimeOffset now)
    {
        Type = input.Type;
        PublishedOn = input.PublishedOn;
        Authors = [.. input.Authors];
        Partners = [.. input.Partners];
        Themes = [.. input.Themes];
        Frameworks = [.. input.Frameworks];
        GcmObjectives = [.. input.GcmObjectives];
        RelatedMeetingId = input.RelatedMeetingId;
        Translations.RemoveAll(existing => input.Translations.All(t => t.Language != existing.Language));
        foreach (var t in input.Translations)
        {
            if (Translation(t.Language) is { } existing)
            {
                existing.Title = t.Title;
                existing.Summary = t.Summary;
                existing.Slug = t.Slug;
            }
            else
            {
                Translations.Add(t);
            }
        }

        UpdatedAt = now;
    }

    public PublicationTranslation? Translation(string language) => Translations.FirstOrDefault(t => t.Language == language);

    /// <summary>The version in <paramref name="language"/>, else the other one (<c>fallback</c>).</summary>
    public (PublicationTranslation Translation, bool Fallback) ResolveTranslation(string language) =>
        Translation(language) is { } exact ? (exact, false) : (Translation(Languages.Other(language))!, true);

    public PublicationFile? LatestFile(string language) =>
        Files.Where(f => f.Language == language).MaxBy(f => f.Version);

    public int NextVersion(string language) => (LatestFile(language)?.Version ?? 0) + 1;

    public void Touch(DateTimeOffset now) => UpdatedAt = now;

    /// <summary>Version <paramref name="version"/> in <paramref name="language"/>, or the latest one when it is null.</summary>
    public PublicationFile? FindFile(string language, int? version) => version is { } v
        ? Files.FirstOrDefault(f => f.Language == language && f.Version == v)
        : LatestFile(language);

    /// <summary>
    /// The next version of the file in <paramref name="language"/> (the caller adds it to the context) and,
    /// when the publication is published, the <c>publication.file_added</c> event to write with it.
    /// </summary>
    public (PublicationFile File, PublicationFileAdded? Added) NewFile(
        string language, string fileName, string contentType, long size, string sha256, string storageKey, DateTimeOffset now)
    {
        var file = new PublicationFile
        {
            Id = Guid.CreateVersion7(now),
            PublicationId = Id,
            Language = language,
            Version = NextVersion(language),
            FileName = fileName,
            ContentType = contentType,
            Size = size,
            Sha256 = sha256,
            StorageKey = storageKey,
            UploadedAt = now,
        };
        Touch(now);
        if (Status != PublicationStatus.Published)
        {
            return (file, null);
        }

        var slug = SlugFor(file.Language);
        return (file, new PublicationFileAdded(Guid.CreateVersion7(now), now, Id, file.Language, file.Version, file.FileName,
            file.ContentType, file.Size, file.Sha256, PublicationFile.LatestUrl(slug, file.Language),
            PublicationFile.VersionUrl(slug, file.Language, file.Version)));
    }

    public void Publish(DateTimeOffset now)
    {
        Status = PublicationStatus.Published;
        PublishedAt = now;
        WithdrawnAt = null;
        UpdatedAt = now;
    }

    public void Withdraw(DateTimeOffset now)
    {
        Status = PublicationStatus.Withdrawn;
        WithdrawnAt = now;
        UpdatedAt = now;
    }

    /// <summary>The slug of the publication in <paramref name="language"/> or else the other language (for links).</summary>
    public string SlugFor(string language) => ResolveTranslation(language).Translation.Slug;

    public Dictionary<string, TranslatedText> TranslatedTexts() =>
        Translations.ToDictionary(t => t.Language, t => new TranslatedText(t.Title, t.Summary, null, t.Slug));

    public PublicationData ToData() => new(
        Type,
        TranslatedTexts(),
        PublishedOn,
        Partners,
        Themes,
        GcmObjectives,
        RelatedMeetingId,
        Languages.All
            .Select(LatestFile)
            .OfType<PublicationFile>()
            .ToDictionary(f => f.Language, f => f.ToLink(this)),
        Authors,
        Frameworks);

    public PublicationPublished ToPublishedEvent(DateTimeOffset now) => new(Guid.CreateVersion7(now), now, Id, ToData());

    public PublicationUpdated ToUpdatedEvent(DateTimeOffset now) => new(Guid.CreateVersion7(now), now, Id, ToData());

    public PublicationWithdrawn ToWithdrawnEvent(DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), now, Id, Translations.ToDictionary(t => t.Language, t => t.Slug));
}

public sealed class PublicationTranslation
{
    public required string Language { get; init; }

    public required string Title { get; set; }

    public string? Summary { get; set; }

    public required string Slug { get; set; }
}

internal sealed class PublicationConfiguration : IEntityTypeConfiguration<Publication>
{
    public void Configure(EntityTypeBuilder<Publication> builder)
    {
        builder.ToTable("publications");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Type).HasMaxLength(40);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Version).IsRowVersion();
        builder.HasIndex(p => new { p.Status, p.PublishedOn });
        builder.OwnsMany(p => p.Translations, t =>
        {
            t.ToTable("publication_translations");
            t.WithOwner().HasForeignKey("PublicationId");
            t.HasKey("PublicationId", nameof(PublicationTranslation.Language));
            t.Property(x => x.Language).HasMaxLength(2);
            t.Property(x => x.Title).HasMaxLength(PublicationRules.TitleMaxLength);
            t.Property(x => x.Summary).HasMaxLength(PublicationRules.SummaryMaxLength);
            t.Property(x => x.Slug).HasMaxLength(Microsoft.Extensions.Hosting.Slugs.MaxLength);
            t.HasIndex(x => new { x.Language, x.Slug }).IsUnique();
        });
        builder.Navigation(p => p.Translations).AutoInclude();
        builder.HasMany(p => p.Files).WithOne().HasForeignKey(f => f.PublicationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Files).AutoInclude();
    }
}
