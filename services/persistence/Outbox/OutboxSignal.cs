using System.Collections.Concurrent;
using System.Threading.Channels;

namespace RabatPlatform.Persistence.Outbox;

/// <summary>
/// Wakes a service's outbox dispatcher as soon as a transaction with events has committed, and hands it those events
/// so that it publishes them at once, without reading them back (<see cref="OutboxOptions.HandoffWindow"/>). What it
/// cannot take (more than <see cref="MaxHandedOff"/> waiting) is only delayed: the rows are in the database, and the
/// sweep publishes them once their hand-off window has passed.
/// </summary>
public sealed class OutboxSignal<TContext> where TContext : ServiceDbContext
{
    /// <summary>Events waiting to be published from memory at most; beyond that, the sweep takes them.</summary>
    public const int MaxHandedOff = 10_000;

    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private readonly ConcurrentQueue<OutboxMessage> handedOff = new();
    private int waiting;
    private int sweepWanted;

    /// <summary>Wakes the dispatcher.</summary>
    public void Notify() => channel.Writer.TryWrite(true);

    /// <summary>Hands over the events of a commit (rows written with a hand-off window) and wakes the dispatcher.</summary>
    public void Notify(IReadOnlyList<OutboxMessage> committed)
    {
        foreach (var message in committed)
        {
            if (!message.HandedOver)
            {
                // Written without a hand-off (HandoffWindow zero): the next sweep should not wait for its interval.
                Volatile.Write(ref sweepWanted, 1);
                continue;
            }

            if (Interlocked.Increment(ref waiting) > MaxHandedOff)
            {
                Interlocked.Decrement(ref waiting);
                break;
            }

            handedOff.Enqueue(message);
        }

        Notify();
    }

    /// <summary>Whether a commit since the last call wrote events that were not handed over (and resets it).</summary>
    internal bool TakeSweepWanted() => Interlocked.Exchange(ref sweepWanted, 0) == 1;

    /// <summary>Takes up to <paramref name="max"/> handed-over events, oldest commit first.</summary>
    internal List<OutboxMessage> TakeHandedOff(int max)
    {
        var taken = new List<OutboxMessage>(Math.Min(max, Math.Max(Volatile.Read(ref waiting), 1)));
        while (taken.Count < max && handedOff.TryDequeue(out var message))
        {
            Interlocked.Decrement(ref waiting);
            taken.Add(message);
        }

        return taken;
    }

    /// <summary>Waits for a signal or the timeout, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await channel.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The sweep interval passed.
        }
    }
}
