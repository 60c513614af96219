using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;

namespace RabatPlatform.Meetings.Features.Meetings;

/// <summary>
/// Answers search's request to rebuild its index: every announced meeting is announced again
/// (<c>search.item_reannounced</c>), then <c>search.reindex_completed</c>, all through the outbox in one transaction.
/// </summary>
public sealed class MeetingsReindexConsumer(MeetingsDbContext db, TimeProvider time)
    : IConsumer<SearchReindexRequested>
{
    public async Task Consume(ConsumeContext<SearchReindexRequested> context)
    {
        var message = context.Message;
        var now = time.GetUtcNow();
        var announced = await db.Meetings.AsNoTracking()
            .Where(m => m.Status == MeetingStatus.Announced)
            .ToListAsync(context.CancellationToken);
        foreach (var m in announced)
        {
            // The meeting's data as its live events carry it, projected as live indexing projects it.
            db.Publish(SearchItem.Meeting(m.Id, m.ToData()).Reannounce(message.RebuildId, now));
        }

        db.Publish(new SearchReindexCompleted(
            Guid.CreateVersion7(now), now, message.RebuildId, ResourceNames.Meetings, [SearchItemTypes.Meeting], announced.Count));
    }
}
