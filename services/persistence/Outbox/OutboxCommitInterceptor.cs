using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RabatPlatform.Persistence.Outbox;

/// <summary>
/// Follows the outbox rows a context saves until they are committed — when SaveChanges ran in a transaction
/// of its own, or when the explicit transaction commits — then wakes the dispatcher and tells the context
/// (<see cref="ServiceDbContext.OnEventsCommitted"/>). Rows of a save that fails, and of a transaction that
/// is rolled back or abandoned (the next transaction starts), are forgotten.
/// </summary>
internal sealed class OutboxCommitInterceptor<TContext>(OutboxSignal<TContext> signal)
    : ISaveChangesInterceptor, IDbTransactionInterceptor
    where TContext : ServiceDbContext
{
    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetSaving(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => ForgetSaving(eventData.Context);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetSaving(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => ForgetSaving(eventData.Context);

    public ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        ForgetUncommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        ForgetUncommitted(eventData.Context);
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    /// <summary>Before a save: the outbox rows it is about to insert.</summary>
    private static void Remember(DbContext? context)
    {
        if (context is ServiceDbContext db)
        {
            db.SavingEvents.Clear();
            db.SavingEvents.AddRange(db.ChangeTracker.Entries<OutboxMessage>()
                .Where(e => e.State == EntityState.Added)
                .Select(e => e.Entity));
        }
    }

    /// <summary>
    /// After a save: committed already when it ran without an explicit transaction (a save in a transaction of
    /// its own has committed it just before); otherwise pending until the explicit transaction commits.
    /// </summary>
    private void Saved(DbContext? context)
    {
        if (context is not ServiceDbContext db)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            Committed(db);
        }
        else
        {
            db.UncommittedEvents.AddRange(db.SavingEvents);
            db.SavingEvents.Clear();
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not ServiceDbContext db || db.UncommittedEvents.Count + db.SavingEvents.Count == 0)
        {
            return;
        }

        List<OutboxMessage> events = [.. db.UncommittedEvents, .. db.SavingEvents];
        db.UncommittedEvents.Clear();
        db.SavingEvents.Clear();
        signal.Notify();
        db.OnEventsCommitted(events);
    }

    private static void Forget(DbContext? context)
    {
        ForgetSaving(context);
        ForgetUncommitted(context);
    }

    private static void ForgetSaving(DbContext? context)
    {
        if (context is ServiceDbContext db)
        {
            db.SavingEvents.Clear();
        }
    }

    private static void ForgetUncommitted(DbContext? context)
    {
        if (context is ServiceDbContext db)
        {
            db.UncommittedEvents.Clear();
        }
    }
}
