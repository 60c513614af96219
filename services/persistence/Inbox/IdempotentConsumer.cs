using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RabatPlatform.Contracts;

namespace RabatPlatform.Persistence.Inbox;

/// <summary>
/// A consumer whose work is done at most once per message: the inbox row, the consumer's changes and
/// any events it writes to the outbox commit in one transaction. A redelivery finds the inbox row and
/// changes nothing; two concurrent deliveries collide on the inbox key and the loser is retried, then
/// skipped. Failures go through MassTransit's retry and then to the endpoint's <c>_error</c> queue.
/// </summary>
public abstract partial class IdempotentConsumer<TMessage, TContext>(TContext db, TimeProvider time, ILogger logger)
    : IConsumer<TMessage>
    where TMessage : class
    where TContext : ServiceDbContext
{
    protected TContext Db => db;

    protected TimeProvider Time => time;

    /// <summary>The consumer's name in the inbox; keep it stable when renaming the class.</summary>
    protected virtual string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.Message is IIntegrationEvent e ? e.EventId
            : context.MessageId ?? throw new InvalidOperationException("A message without an id cannot be de-duplicated.");
        var cancellationToken = context.CancellationToken;

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var seen = await db.InboxMessages.AnyAsync(
                m => m.MessageId == messageId && m.Consumer == ConsumerName, cancellationToken);
            if (seen)
            {
                PersistenceDiagnostics.Duplicates.Add(1, new KeyValuePair<string, object?>("consumer", ConsumerName));
                LogDuplicate(messageId, ConsumerName);
                return;
            }

            db.InboxMessages.Add(new InboxMessage(messageId, ConsumerName, time.GetUtcNow()));
            await HandleAsync(context.Message, context);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            // A retry must start from a clean unit of work.
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>Applies the message to <see cref="Db"/>; do not call SaveChanges (the base class commits).</summary>
    protected abstract Task HandleAsync(TMessage message, ConsumeContext<TMessage> context);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} was already processed by {Consumer}; skipped")]
    private partial void LogDuplicate(Guid messageId, string consumer);
}
