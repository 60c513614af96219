using MassTransit;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features.Meetings;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>
/// This service's part of a person's erasure (<c>person.erasure_requested</c>, scope person): their registrations
/// go. Its outbox payloads and <c>_error</c> messages are erased by the platform's own consumer
/// (RabatPlatform.Persistence.Operations.PersonalDataErasure).
/// </summary>
public sealed partial class PersonErasureConsumer(
    MeetingsDbContext db, TimeProvider time, IOptions<MeetingsOptions> options, ILogger<PersonErasureConsumer> logger)
    : IConsumer<PersonErasureRequested>
{
    public async Task Consume(ConsumeContext<PersonErasureRequested> context)
    {
        var erasure = context.Message;
        var erased = await RegistrationsErasureWorkflow.ErasePersonAsync(
            db, erasure, time.GetUtcNow(), options.Value.OfferDuration, context.CancellationToken);
        LogErased(erasure.EventId, erasure.Scope, erased);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erasure {EventId} ({Scope}): {Count} registration(s) erased")]
    private partial void LogErased(Guid eventId, string scope, int count);
}
