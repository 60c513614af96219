using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace RabatPlatform.Search.Data;

/// <summary>
/// One public item in one language. Every item has a document per language: where a translation is
/// missing, the other language's text stands in and <see cref="Fallback"/> says so.
/// </summary>
public sealed class SearchDocument
{
    /// <summary>news, page, meeting, publication, project.</summary>
    public required string ItemType { get; init; }

    public required Guid ItemId { get; init; }

    /// <summary>The language the document answers for (fr or en).</summary>
    public required string Language { get; init; }

    /// <summary>The language the text is actually in (differs when <see cref="Fallback"/>).</summary>
    public required string TextLanguage { get; set; }

    public bool Fallback { get; set; }

    public required string Slug { get; set; }

    public required string Title { get; set; }

    public string? Summary { get; set; }

    /// <summary>Plain text (HTML stripped).</summary>
    public string? Body { get; set; }

    public List<string> Tags { get; set; } = [];

    public DateTimeOffset Date { get; set; }

    /// <summary>When the event that last wrote the document happened (older events are ignored).</summary>
    public DateTimeOffset SourceTime { get; set; }

    /// <summary>Weighted title (A) › summary (B) › body (C), unaccented and stemmed in the text's language.</summary>
    public NpgsqlTsVector SearchVector { get; private set; } = null!;
}

internal sealed class SearchDocumentConfiguration : IEntityTypeConfiguration<SearchDocument>
{
    public void Configure(EntityTypeBuilder<SearchDocument> builder)
    {
        builder.ToTable("search_documents");
        builder.HasKey(d => new { d.ItemType, d.ItemId, d.Language });
        builder.Property(d => d.ItemType).HasMaxLength(20);
        builder.Property(d => d.Language).HasMaxLength(2);
        builder.Property(d => d.TextLanguage).HasMaxLength(2);
        builder.Property(d => d.SearchVector).HasComputedColumnSql(
            """
            setweight(to_tsvector(CASE WHEN text_language = 'en' THEN 'rabat_en'::regconfig ELSE 'rabat_fr'::regconfig END, coalesce(title, '')), 'A') ||
            setweight(to_tsvector(CASE WHEN text_language = 'en' THEN 'rabat_en'::regconfig ELSE 'rabat_fr'::regconfig END, coalesce(summary, '')), 'B') ||
            setweight(to_tsvector(CASE WHEN text_language = 'en' THEN 'rabat_en'::regconfig ELSE 'rabat_fr'::regconfig END, coalesce(body, '')), 'C')
            """,
            stored: true);
        builder.HasIndex(d => d.SearchVector).HasMethod("GIN");
        builder.HasIndex(d => new { d.Language, d.Date });
    }
}
