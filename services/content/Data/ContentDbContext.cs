using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Features.Editorial;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;

namespace RabatPlatform.Content.Data;

public sealed class ContentDbContext(DbContextOptions<ContentDbContext> options) : ServiceDbContext(options)
{
    public DbSet<EditorialItem> EditorialItems => Set<EditorialItem>();

    public DbSet<EditorialRevision> EditorialRevisions => Set<EditorialRevision>();

    /// <summary>The news items (editorial items of kind news).</summary>
    public IQueryable<EditorialItem> News => EditorialItems.Where(n => n.Kind == EditorialKind.News);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ContentDbContext).Assembly);
    }
}
