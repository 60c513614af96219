using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence.Inbox;
using RabatPlatform.Persistence.Outbox;

namespace RabatPlatform.Persistence;

/// <summary>
/// Runs, in a transaction it rolls back, what the first event and the first write of a service would otherwise compile
/// (issue 16: the first event after a start took 0.5–0.7 s): the inbox filter's queries (is this message seen, record
/// it), an outbox row written then marked sent (the INSERT every write makes, the UPDATE of the dispatcher), and the
/// outbox's JSON metadata of every event type.
/// </summary>
internal sealed class PersistenceWarmup<TContext> : IWarmupStep
    where TContext : ServiceDbContext
{
    public string Name => "inbox and outbox";

    public bool NeedsBus => false;

    public async Task WarmAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        foreach (var type in EventTypes.All.Values)
        {
            WarmupSerialization.RoundTrip(type, OutboxMessage.Json);
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var messageId = Guid.NewGuid();
        const string consumer = "warm-up";
        await db.InboxMessages.AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer, cancellationToken);
        db.InboxMessages.Add(new InboxMessage(messageId, consumer, now));
        var row = OutboxMessage.Create(new SearchIndexUpdated(messageId, now, "warm-up", messageId), activity: null);
        db.OutboxMessages.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        row.MarkSent(now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
    }
}
