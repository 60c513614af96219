using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RabatPlatform.Contracts;
using RabatPlatform.Publications.Data;

namespace RabatPlatform.Publications.Features.Meetings;

/// <summary>
/// A meeting this service has seen through <c>meeting.announced/updated/cancelled</c>: the local read model
/// a publication's related meeting is checked against.
/// </summary>
public sealed class KnownMeeting
{
    public Guid Id { get; set; }

    public DateOnly StartDate { get; set; }

    public bool Cancelled { get; set; }

    /// <summary>The time of the last event applied (older events are ignored).</summary>
    public DateTimeOffset SourceTime { get; set; }
}

internal sealed class KnownMeetingConfiguration : IEntityTypeConfiguration<KnownMeeting>
{
    public void Configure(EntityTypeBuilder<KnownMeeting> builder)
    {
        builder.ToTable("known_meetings");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
    }
}

internal static class KnownMeetings
{
    public static async Task ApplyAsync(
        PublicationsDbContext db, Guid id, DateTimeOffset occurredAt, DateOnly? startDate, bool cancelled, CancellationToken cancellationToken)
    {
        var meeting = await db.Set<KnownMeeting>().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (meeting is null)
        {
            db.Set<KnownMeeting>().Add(new KnownMeeting { Id = id, StartDate = startDate ?? default, Cancelled = cancelled, SourceTime = occurredAt });
            return;
        }

        if (meeting.SourceTime > occurredAt)
        {
            return; // an older event arriving late changes nothing
        }

        meeting.StartDate = startDate ?? meeting.StartDate;
        meeting.Cancelled = cancelled;
        meeting.SourceTime = occurredAt;
    }
}

public sealed class MeetingAnnouncedConsumer(PublicationsDbContext db) : IConsumer<MeetingAnnounced>
{
    public Task Consume(ConsumeContext<MeetingAnnounced> context) => KnownMeetings.ApplyAsync(
        db, context.Message.MeetingId, context.Message.OccurredAt, context.Message.Meeting.StartDate, false, context.CancellationToken);
}

public sealed class MeetingUpdatedConsumer(PublicationsDbContext db) : IConsumer<MeetingUpdated>
{
    public Task Consume(ConsumeContext<MeetingUpdated> context) => KnownMeetings.ApplyAsync(
        db, context.Message.MeetingId, context.Message.OccurredAt, context.Message.Meeting.StartDate, false, context.CancellationToken);
}

public sealed class MeetingCancelledConsumer(PublicationsDbContext db) : IConsumer<MeetingCancelled>
{
    public Task Consume(ConsumeContext<MeetingCancelled> context) => KnownMeetings.ApplyAsync(
        db, context.Message.MeetingId, context.Message.OccurredAt, null, true, context.CancellationToken);
}
