using Microsoft.EntityFrameworkCore;
using RabatPlatform.Messaging;

namespace RabatPlatform.Meetings.Data;

/// <summary>The meetings service's own database: its outbox and inbox so far; its features add their tables.</summary>
public sealed class MeetingsDbContext(DbContextOptions<MeetingsDbContext> options) : ServiceDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MeetingsDbContext).Assembly);
    }
}

/// <summary>Marker for the service's assembly (tests host it with WebApplicationFactory).</summary>
public sealed class MeetingsApiMarker;
