using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;
using RabatPlatform.Contracts;

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

    /// <summary>Themes and tags (framework domains, GCM objectives as <c>gcm-N</c>, free themes): a facet.</summary>
    public List<string> Themes { get; set; } = [];

    /// <summary>ISO 3166-1 alpha-2 codes of the countries concerned: a facet.</summary>
    public List<string> Countries { get; set; } = [];

    public DateTimeOffset Date { get; set; }

    /// <summary>The year of <see cref="Date"/> (UTC), computed by the database: a facet.</summary>
    public int Year { get; private set; }

    /// <summary>When this service last wrote the document (a rebuild removes what it did not refresh).</summary>
    public DateTimeOffset RefreshedAt { get; set; }

    /// <summary>When the event that last wrote the document happened (older events are ignored).</summary>
    public DateTimeOffset SourceTime { get; set; }

    /// <summary>Weighted title (A) › summary (B) › body (C), unaccented and stemmed in the text's language.</summary>
    public NpgsqlTsVector SearchVector { get; private set; } = null!;

    /// <summary>
    /// Title (A) and summary (B) only, small and kept in the row: what <c>ts_rank_cd</c> ranks on, so ranking
    /// never reads the whole-document vector from TOAST.
    /// </summary>
    public NpgsqlTsVector RankVector { get; private set; } = null!;

    /// <summary>The title alone, unweighted: suggestions (prefix match) and the candidates of broad queries.</summary>
    public NpgsqlTsVector TitleVector { get; private set; } = null!;
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
        builder.Property(d => d.SearchVector).HasComputedColumnSql(TextSearchConfigurations.SearchVectorSql, stored: true);
        builder.Property(d => d.Year).HasComputedColumnSql("CAST(date_part('year', date AT TIME ZONE 'UTC') AS integer)", stored: true);
        builder.Property(d => d.RankVector).HasComputedColumnSql(TextSearchConfigurations.RankVectorSql, stored: true);
        builder.Property(d => d.TitleVector).HasComputedColumnSql(TextSearchConfigurations.TitleVectorSql, stored: true);

        // Narrow rows: everything bigger than 128 bytes goes to TOAST (body, summary, search_vector) except the
        // columns that queries read for every match, which are kept in the row (STORAGE MAIN, migration
        // ColumnStorageMain). Whole-document matching is answered by the GIN indexes.
        builder.HasStorageParameter("toast_tuple_target", 128);

        // One partial GIN index per (language, text_language), on the vector and the filters (year and
        // item_type through btree_gin, themes and countries natively): the whole condition "language = @l
        // AND text_language = @t AND vector @@ query AND year = @y AND themes @> {@theme} …" is then one
        // index condition, GIN intersects the posting lists, and only matching rows are read. No other index
        // covers a filter column: with prepared statements (generic plans, values unknown to the planner) such an
        // index looked cheaper and the vector was then checked row by row, from TOAST. title_vector's indexes
        // serve suggestions only, which have no filters.
        foreach (var language in Languages.All)
        {
            foreach (var textLanguage in Languages.All)
            {
                var filter = $"language = '{language}' AND text_language = '{textLanguage}'";
                builder.HasIndex(d => new { d.SearchVector, d.Year, d.ItemType, d.Themes, d.Countries }, $"ix_search_documents_search_vector_{language}_{textLanguage}")
                    .HasMethod("GIN").HasFilter(filter);
                builder.HasIndex(d => d.TitleVector, $"ix_search_documents_title_vector_{language}_{textLanguage}")
                    .HasMethod("GIN").HasFilter(filter);
            }
        }

        // Suggestions: the most recent titles first, own-language documents before fallbacks.
        builder.HasIndex(d => new { d.Language, d.Fallback, d.Date }).IsDescending(false, false, true);
        builder.HasIndex(d => new { d.Language, d.Date });
        builder.HasIndex(d => d.RefreshedAt);
    }
}

/// <summary>A word of the titles, unaccented and lower-case: the lexicon of "did you mean".</summary>
public sealed class SearchTerm
{
    public required string Language { get; init; }

    public required string Term { get; init; }
}

internal sealed class SearchTermConfiguration : IEntityTypeConfiguration<SearchTerm>
{
    public void Configure(EntityTypeBuilder<SearchTerm> builder)
    {
        builder.ToTable("search_terms");
        builder.HasKey(t => new { t.Language, t.Term });
        builder.Property(t => t.Language).HasMaxLength(2);
        builder.Property(t => t.Term).HasMaxLength(100);
        builder.HasIndex(t => t.Term).HasMethod("GIN").HasOperators("gin_trgm_ops");
    }
}

/// <summary>A rebuild of the index: which services have re-announced their items.</summary>
public sealed class SearchRebuild
{
    public Guid Id { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public List<string> CompletedServices { get; set; } = [];

    public int ItemsReannounced { get; set; }

    public DateTimeOffset? LastCompletionAt { get; set; }
}

internal sealed class SearchRebuildConfiguration : IEntityTypeConfiguration<SearchRebuild>
{
    public void Configure(EntityTypeBuilder<SearchRebuild> builder)
    {
        builder.ToTable("search_rebuilds");
        builder.HasKey(r => r.Id);
    }
}
