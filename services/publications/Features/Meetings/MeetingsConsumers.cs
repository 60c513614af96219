using MassTransit;
using RabatPlatform.Contracts;
using RabatPlatform.Publications.Data;

namespace RabatPlatform.Publications.Features.Meetings;

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
