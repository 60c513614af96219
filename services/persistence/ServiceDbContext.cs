using System.ComponentModel.DataAnnotations.Schema;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence.Inbox;
using RabatPlatform.Persistence.Operations;
using RabatPlatform.Persistence.Outbox;

namespace RabatPlatform.Persistence;

/// <summary>
/// The base of every service's DbContext: it owns the service's outbox and inbox tables, so an event
/// is written in the same transaction as the change that caused it.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    public DbSet<OperatorAction> OperatorActions => Set<OperatorAction>();

    /// <summary>Outbox rows of the save in progress (see <see cref="OutboxCommitInterceptor{TContext}"/>).</summary>
    [NotMapped]
    internal List<OutboxMessage> SavingEvents { get; } = [];

    /// <summary>Outbox rows saved in the current explicit transaction, not yet committed.</summary>
    [NotMapped]
    internal List<OutboxMessage> UncommittedEvents { get; } = [];

    /// <summary>Callbacks to run once the inbox filter's transaction has committed (see <see cref="OnCommitted"/>).</summary>
    [NotMapped]
    internal List<Action> CommitCallbacks { get; } = [];

    /// <summary>
    /// In a consumer: runs <paramref name="callback"/> once the message's changes have committed (the inbox
    /// filter commits after the consumer returns), never if they fail — e.g. to wake a dispatcher.
    /// </summary>
    public void OnCommitted(Action callback) => CommitCallbacks.Add(callback);

    /// <summary>
    /// Forgets what a previous lease of a pooled context may have left (a save or transaction abandoned
    /// half-way): EF Core resets its own state when a context returns to the pool, not these lists.
    /// </summary>
    internal void ClearPendingState()
    {
        SavingEvents.Clear();
        UncommittedEvents.Clear();
        CommitCallbacks.Clear();
    }

    internal void RunCommitCallbacks()
    {
        var callbacks = CommitCallbacks.ToArray();
        CommitCallbacks.Clear();
        foreach (var callback in callbacks)
        {
            callback();
        }
    }

    /// <summary>Queues an event: it is published once the current SaveChanges (or transaction) commits.</summary>
    public void Publish<T>(T @event) where T : class, IIntegrationEvent =>
        OutboxMessages.Add(OutboxMessage.Create(@event, Activity.Current));

    /// <summary>
    /// Called once events written with <see cref="Publish{T}"/> have committed (each event once; never for a
    /// save or transaction that failed): a service counts what it cares about here (e.g. registrations).
    /// </summary>
    protected internal virtual void OnEventsCommitted(IReadOnlyList<OutboxMessage> events)
    {
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(b =>
        {
            b.ToTable("outbox_messages");
            b.HasKey(m => m.Id);
            b.Property(m => m.Id).ValueGeneratedNever();
            b.Property(m => m.Type).HasMaxLength(200);
            b.Property(m => m.Payload).HasColumnType("jsonb");
            b.Property(m => m.TraceParent).HasMaxLength(55);
            b.Property(m => m.TraceState).HasMaxLength(512);
            b.HasIndex(m => new { m.NextAttemptAt, m.CreatedAt })
                .HasFilter("status = 0")
                .HasDatabaseName("ix_outbox_messages_pending");
            b.HasIndex(m => m.SentAt).HasFilter("status = 1");
        });

        modelBuilder.Entity<InboxMessage>(b =>
        {
            b.ToTable("inbox_messages");
            b.HasKey(m => new { m.MessageId, m.Consumer });
            b.Property(m => m.Consumer).HasMaxLength(200);
            b.HasIndex(m => m.ProcessedAt);
        });

        modelBuilder.Entity<OperatorAction>(b =>
        {
            b.ToTable("operator_actions");
            b.HasKey(a => a.Id);
            b.Property(a => a.Id).ValueGeneratedNever();
            b.Property(a => a.Action).HasMaxLength(50);
            b.Property(a => a.Operator).HasMaxLength(200);
            b.Property(a => a.Details).HasColumnType("jsonb");
            b.HasIndex(a => a.At);
        });
    }
}
