using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence.Inbox;
using RabatPlatform.Publications.Data;

namespace RabatPlatform.Publications.Features.Publications;

/// <summary>Answers search's rebuild request: every published publication again, then <c>search.reindex_completed</c>.</summary>
public sealed class PublicationReindexConsumer(PublicationsDbContext db, TimeProvider time, ILogger<PublicationReindexConsumer> logger)
    : IdempotentConsumer<SearchReindexRequested, PublicationsDbContext>(db, time, logger)
{
    protected override async Task HandleAsync(SearchReindexRequested message, ConsumeContext<SearchReindexRequested> context)
    {
        var now = Time.GetUtcNow();
        var published = await Db.Set<Publication>().AsNoTracking()
            .Where(p => p.Status == PublicationStatus.Published)
            .ToListAsync(context.CancellationToken);
        foreach (var p in published)
        {
            Db.Publish(new SearchItemReannounced(
                Guid.CreateVersion7(now), now, message.RebuildId, "publication", p.Id, p.TranslatedTexts(),
                new DateTimeOffset(p.PublishedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                [.. p.Themes, .. p.GcmObjectives.Select(n => $"gcm-{n}")],
                p.Partners.Where(code => code.Length == 2).ToList()));
        }

        Db.Publish(new SearchReindexCompleted(
            Guid.CreateVersion7(now), now, message.RebuildId, ResourceNames.Publications, ["publication"], published.Count));
    }
}
