using MassTransit;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Persistence.Inbox;

namespace RabatPlatform.Meetings.Features.Partners;

public sealed class PartnerRegisteredConsumer(MeetingsDbContext db, TimeProvider time, ILogger<PartnerRegisteredConsumer> logger)
    : IdempotentConsumer<PartnerRegistered, MeetingsDbContext>(db, time, logger)
{
    protected override Task HandleAsync(PartnerRegistered message, ConsumeContext<PartnerRegistered> context) =>
        PartnerCopy.ApplyAsync(Db, message.Partner, message.OccurredAt, context.CancellationToken);
}

public sealed class PartnerUpdatedConsumer(MeetingsDbContext db, TimeProvider time, ILogger<PartnerUpdatedConsumer> logger)
    : IdempotentConsumer<PartnerUpdated, MeetingsDbContext>(db, time, logger)
{
    protected override Task HandleAsync(PartnerUpdated message, ConsumeContext<PartnerUpdated> context) =>
        PartnerCopy.ApplyAsync(Db, message.Partner, message.OccurredAt, context.CancellationToken);
}
