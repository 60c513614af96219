using MassTransit;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence.Inbox;
using RabatPlatform.Publications.Data;

namespace RabatPlatform.Publications.Features.Meetings;

public sealed class MeetingAnnouncedConsumer(PublicationsDbContext db, TimeProvider time, ILogger<MeetingAnnouncedConsumer> logger)
    : IdempotentConsumer<MeetingAnnounced, PublicationsDbContext>(db, time, logger)
{
    protected override Task HandleAsync(MeetingAnnounced m, ConsumeContext<MeetingAnnounced> context) =>
        KnownMeetings.ApplyAsync(Db, m.MeetingId, m.OccurredAt, m.Meeting.StartDate, false, context.CancellationToken);
}

public sealed class MeetingUpdatedConsumer(PublicationsDbContext db, TimeProvider time, ILogger<MeetingUpdatedConsumer> logger)
    : IdempotentConsumer<MeetingUpdated, PublicationsDbContext>(db, time, logger)
{
    protected override Task HandleAsync(MeetingUpdated m, ConsumeContext<MeetingUpdated> context) =>
        KnownMeetings.ApplyAsync(Db, m.MeetingId, m.OccurredAt, m.Meeting.StartDate, false, context.CancellationToken);
}

public sealed class MeetingCancelledConsumer(PublicationsDbContext db, TimeProvider time, ILogger<MeetingCancelledConsumer> logger)
    : IdempotentConsumer<MeetingCancelled, PublicationsDbContext>(db, time, logger)
{
    protected override Task HandleAsync(MeetingCancelled m, ConsumeContext<MeetingCancelled> context) =>
        KnownMeetings.ApplyAsync(Db, m.MeetingId, m.OccurredAt, null, true, context.CancellationToken);
}
