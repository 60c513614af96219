using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Features.News;
using RabatPlatform.Messaging;

namespace RabatPlatform.Content.Data;

public sealed class ContentDbContext(DbContextOptions<ContentDbContext> options) : ServiceDbContext(options)
{
    public DbSet<NewsItem> News => Set<NewsItem>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ContentDbContext).Assembly);
    }
}
