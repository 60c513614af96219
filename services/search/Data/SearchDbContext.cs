using Microsoft.EntityFrameworkCore;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;

namespace RabatPlatform.Search.Data;

public sealed class SearchDbContext(DbContextOptions<SearchDbContext> options) : ServiceDbContext(options)
{
    public DbSet<SearchDocument> Documents => Set<SearchDocument>();

    public DbSet<SearchTerm> Terms => Set<SearchTerm>();

    public DbSet<SearchRebuild> Rebuilds => Set<SearchRebuild>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasPostgresExtension("unaccent");
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.HasPostgresExtension("btree_gin");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SearchDbContext).Assembly);
    }
}

/// <summary>Marker for the service's assembly (tests host it with WebApplicationFactory).</summary>
public sealed class SearchApiMarker;
