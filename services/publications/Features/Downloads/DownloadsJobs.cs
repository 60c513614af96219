using Microsoft.Extensions.Options;
using RabatPlatform.Publications.Features.Publications;

namespace RabatPlatform.Publications.Features.Downloads;

/// <summary>Writes the counted downloads every <c>Publications:Downloads:FlushInterval</c>, and once more at shutdown.</summary>
/// <remarks>
/// Several replicas: this job runs on every replica, on purpose: each flushes the counts it holds in memory, with an
/// additive <c>downloads = downloads + n</c> (never a computed total), so flushes of several replicas add up and may
/// overlap. A replica that dies loses the counts it had not flushed yet (at most one interval's worth); one that stops
/// flushes them at shutdown. The repeat-hit window (<see cref="DownloadCounter"/>) is per replica: a client whose
/// requests are spread over N replicas may be counted up to N times within the window.
/// </remarks>
public sealed partial class DownloadCountFlusher(
    DownloadCounter counter, TimeProvider time, IOptions<PublicationsOptions> options, ILogger<DownloadCountFlusher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Downloads.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushSafelyAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushSafelyAsync(cancellationToken);
    }

    private async Task FlushSafelyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await counter.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFlushFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the download counts; they stay pending")]
    private partial void LogFlushFailed(Exception exception);
}
