using Microsoft.EntityFrameworkCore;
using RabatPlatform.Meetings.Features.Meetings;
using RabatPlatform.Meetings.Features.Partners;
using RabatPlatform.Meetings.Features.Registrations;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;
using RabatPlatform.Persistence.Outbox;

namespace RabatPlatform.Meetings.Data;

/// <summary>The meetings service's own database: outbox and inbox, meetings, registrations and its copy of partners.</summary>
public sealed class MeetingsDbContext(DbContextOptions<MeetingsDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Meeting> Meetings => Set<Meeting>();

    public DbSet<Registration> Registrations => Set<Registration>();

    public DbSet<DelegationCount> DelegationCounts => Set<DelegationCount>();

    public DbSet<Partner> Partners => Set<Partner>();

    protected override void OnEventsCommitted(IReadOnlyList<OutboxMessage> events) => RegistrationMetrics.Committed(events);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MeetingsDbContext).Assembly);
    }
}

/// <summary>Marker for the service's assembly (tests host it with WebApplicationFactory).</summary>
public sealed class MeetingsApiMarker;
