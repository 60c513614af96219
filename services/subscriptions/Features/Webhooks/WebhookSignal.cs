namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>Wakes the dispatcher when deliveries were added or an attempt finished.</summary>
public sealed class WebhookSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Set()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await signal.WaitAsync(timeout, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
