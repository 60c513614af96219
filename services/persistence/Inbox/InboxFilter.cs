using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RabatPlatform.Contracts;

namespace RabatPlatform.Persistence.Inbox;

/// <summary>
/// Makes every consumer of an endpoint exactly-once (a scoped consume filter, resolved from the message's
/// scope, so <paramref name="db"/> is the very instance the consumer gets): it opens a transaction, skips a
/// message this endpoint has processed already (counted and logged), records it in the inbox, runs the
/// consumer — which changes the DbContext and does not save — then saves and commits the inbox row, the
/// consumer's changes and the events it wrote to the outbox together. Two concurrent deliveries collide on
/// the inbox key and the loser is retried, then skipped. On failure the unit of work is cleared so that a
/// retry starts clean; MassTransit's retry runs the filter again, then moves the message to <c>_error</c>.
/// </summary>
/// <remarks>
/// The inbox key is the receive endpoint (queue) name, e.g. <c>search-news-published</c>: each consumer has
/// its own endpoint, so the key is stable for as long as the queue is.
/// </remarks>
public sealed partial class InboxFilter<T>(ServiceDbContext db, TimeProvider time, ILogger<InboxFilter<T>> logger)
    : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var messageId = context.Message is IIntegrationEvent e ? e.EventId
            : context.MessageId ?? throw new InvalidOperationException("A message without an id cannot be de-duplicated.");
        var consumer = KeyOf(context.ReceiveContext.InputAddress);
        var cancellationToken = context.CancellationToken;

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var seen = await db.InboxMessages.AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer, cancellationToken);
            if (seen)
            {
                PersistenceDiagnostics.Duplicates.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
                LogDuplicate(messageId, consumer);
                return;
            }

            db.InboxMessages.Add(new InboxMessage(messageId, consumer, time.GetUtcNow()));
            await next.Send(context);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            // A retry must start from a clean unit of work.
            db.ChangeTracker.Clear();
            db.CommitCallbacks.Clear();
            throw;
        }

        db.RunCommitCallbacks();
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox");

    /// <summary>The inbox key of an endpoint: its queue name, the last segment of its address.</summary>
    internal static string KeyOf(Uri inputAddress) => inputAddress.AbsolutePath.TrimEnd('/').Split('/')[^1];

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} was already processed by {Consumer}; skipped")]
    private partial void LogDuplicate(Guid messageId, string consumer);
}
