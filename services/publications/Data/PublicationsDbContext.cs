using Microsoft.EntityFrameworkCore;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;

namespace RabatPlatform.Publications.Data;

/// <summary>The publications service's own database: its outbox and inbox so far; its features add their tables.</summary>
public sealed class PublicationsDbContext(DbContextOptions<PublicationsDbContext> options) : ServiceDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PublicationsDbContext).Assembly);
    }
}

/// <summary>Marker for the service's assembly (tests host it with WebApplicationFactory).</summary>
public sealed class PublicationsApiMarker;
