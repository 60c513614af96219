using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Persistence.Inbox;

namespace RabatPlatform.Meetings.Features.Meetings;

/// <summary>
/// Answers search's request to rebuild its index: every announced meeting is announced again
/// (<c>search.item_reannounced</c>), then <c>search.reindex_completed</c>, all through the outbox in one transaction.
/// </summary>
public sealed class MeetingsReindexConsumer(MeetingsDbContext db, TimeProvider time, ILogger<MeetingsReindexConsumer> logger)
    : IdempotentConsumer<SearchReindexRequested, MeetingsDbContext>(db, time, logger)
{
    protected override async Task HandleAsync(SearchReindexRequested message, ConsumeContext<SearchReindexRequested> context)
    {
        var now = Time.GetUtcNow();
        var announced = await Db.Meetings.AsNoTracking()
            .Where(m => m.Status == MeetingStatus.Announced)
            .ToListAsync(context.CancellationToken);
        foreach (var m in announced)
        {
            Db.Publish(new SearchItemReannounced(
                Guid.CreateVersion7(now), now, message.RebuildId, "meeting", m.Id, m.TranslatedTexts(),
                new DateTimeOffset(m.StartDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                [.. m.Themes, .. m.GcmObjectives.Select(n => $"gcm-{n}")],
                m.CountryCode is null ? [] : [m.CountryCode]));
        }

        Db.Publish(new SearchReindexCompleted(
            Guid.CreateVersion7(now), now, message.RebuildId, ResourceNames.Meetings, ["meeting"], announced.Count));
    }
}
