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
            db.Publish(new SearchItemReannounced(
                Guid.CreateVersion7(now), now, message.RebuildId, "meeting", m.Id, m.TranslatedTexts(),
                new DateTimeOffset(m.StartDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                [.. m.Themes, .. m.GcmObjectives.Select(n => $"gcm-{n}")],
                m.CountryCode is null ? [] : [m.CountryCode]));
        }

        db.Publish(new SearchReindexCompleted(
            Guid.CreateVersion7(now), now, message.RebuildId, ResourceNames.Meetings, ["meeting"], announced.Count));
    }
}
