namespace RabatPlatform.Publications.Features.Downloads;

/// <summary>Download counting: no endpoints of its own (the files' downloads record into it).</summary>
public static class DownloadsFeature
{
    /// <summary>The download counter and its flusher.</summary>
    public static IHostApplicationBuilder AddDownloads(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DownloadCounter>();
        builder.Services.AddHostedService<DownloadCountFlusher>();
        return builder;
    }
}
