using MassTransit;
using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Subscriptions.Features.Newsletter;

/// <summary>
/// Subscriptions' part of an erasure (<c>person.erasure_requested</c>): subscribers and registration mails with the
/// address (<see cref="NewsletterWorkflow.ErasePersonAsync"/>). Its outbox payloads and <c>_error</c> messages are
/// erased by the platform's own consumer (RabatPlatform.Persistence.Operations.PersonalDataErasure).
/// </summary>
public sealed partial class PersonErasureConsumer(SubscriptionsDbContext db, TimeProvider time, ILogger<PersonErasureConsumer> logger)
    : IConsumer<PersonErasureRequested>
{
    public async Task Consume(ConsumeContext<PersonErasureRequested> context)
    {
        var erasure = context.Message;
        var (subscribers, mails) = await NewsletterWorkflow.ErasePersonAsync(db, erasure, time.GetUtcNow(), context.CancellationToken);
        LogErased(erasure.EventId, erasure.Scope, subscribers, mails);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erasure {EventId} ({Scope}): {Subscribers} subscriber(s) and {Mails} registration mail(s) erased")]
    private partial void LogErased(Guid eventId, string scope, int subscribers, int mails);
}
