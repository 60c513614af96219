using MassTransit;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;

namespace RabatPlatform.Meetings.Features.Partners;

public sealed class PartnerRegisteredConsumer(MeetingsDbContext db) : IConsumer<PartnerRegistered>
{
    public Task Consume(ConsumeContext<PartnerRegistered> context) =>
        PartnerCopy.ApplyAsync(db, context.Message.Partner, context.Message.OccurredAt, context.CancellationToken);
}

public sealed class PartnerUpdatedConsumer(MeetingsDbContext db) : IConsumer<PartnerUpdated>
{
    public Task Consume(ConsumeContext<PartnerUpdated> context) =>
        PartnerCopy.ApplyAsync(db, context.Message.Partner, context.Message.OccurredAt, context.CancellationToken);
}
