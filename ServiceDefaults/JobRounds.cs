namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The rounds a background loop has completed (a scheduler, a dispatcher, a sweeper): a caller awaits "two
/// more rounds" — so at least one whole round began after it asked — instead of sleeping and hoping.
/// </summary>
public sealed class JobRounds
{
    private long completed;
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Completed => Interlocked.Read(ref completed);

    /// <summary>Called by the loop at the end of each round, whether it found work, none, or failed.</summary>
    public void Complete()
    {
        Interlocked.Increment(ref completed);
        Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Waits until <paramref name="rounds"/> more rounds have completed; a <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task WaitForMoreAsync(int rounds, TimeSpan timeout)
    {
        var target = Completed + rounds;
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var signal = Volatile.Read(ref next);
            if (Completed >= target)
            {
                return;
            }

            try
            {
                await signal.Task.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{target - Completed} of {rounds} round(s) still to come after {timeout}.");
            }
        }
    }
}
