using Microsoft.Extensions.Options;
using RabatPlatform.Publications.Features.Publications;

namespace RabatPlatform.Publications.Features.Downloads;

/// <summary>Writes the counted downloads every <c>Publications:Downloads:FlushInterval</c>, and once more at shutdown.</summary>
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
