using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RabatPlatform.Contracts;

namespace RabatPlatform.Publications.Features.Publications;

/// <summary>One uploaded file version of a publication in one language.</summary>
public sealed class PublicationFile
{
    public Guid Id { get; init; }

    public Guid PublicationId { get; init; }

    public required string Language { get; init; }

    public int Version { get; init; }

    /// <summary>The uploader's file name, validated; only ever used in <c>Content-Disposition</c>.</summary>
    public required string FileName { get; init; }

    public required string ContentType { get; init; }

    public long Size { get; init; }

    /// <summary>Lower-case hex SHA-256 of the bytes; also the download's ETag.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The generated key in file store.</summary>
    public required string StorageKey { get; init; }

    public DateTimeOffset UploadedAt { get; init; }

    /// <summary>Counted downloads, written in batches by the download counter.</summary>
    public long Downloads { get; private set; }

    public static string LatestUrl(string slug, string language) => $"/api/publications/{slug}/files/{language}";

    public static string VersionUrl(string slug, string language, int version) => $"/api/publications/{slug}/files/{language}/v/{version}";

    public PublicationFileLink ToLink(Publication publication)
    {
        var slug = publication.SlugFor(Language);
        return new(Version, FileName, ContentType, Size, Sha256, LatestUrl(slug, Language), VersionUrl(slug, Language, Version));
    }
}

internal sealed class PublicationFileConfiguration : IEntityTypeConfiguration<PublicationFile>
{
    public void Configure(EntityTypeBuilder<PublicationFile> builder)
    {
        builder.ToTable("publication_files");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Language).HasMaxLength(2);
        builder.Property(f => f.FileName).HasMaxLength(PublicationRules.FileNameMaxLength);
        builder.Property(f => f.ContentType).HasMaxLength(100);
        builder.Property(f => f.Sha256).HasMaxLength(64);
        builder.Property(f => f.StorageKey).HasMaxLength(200);
        builder.HasIndex(f => new { f.PublicationId, f.Language, f.Version }).IsUnique();
    }
}
