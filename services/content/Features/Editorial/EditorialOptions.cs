namespace RabatPlatform.Content.Features.Editorial;

/// <summary>Section <c>Content</c>: the site's public address, the preview tokens and the scheduler.</summary>
public sealed class EditorialOptions
{
    public const string Section = "Content";

    /// <summary>A built-in key for Development only; elsewhere <c>Content:Preview:Key</c> is required.</summary>
    public const string DevelopmentPreviewKey = "rabat-platform-development-preview-key-not-for-production";

    /// <summary>The public website, for absolute links in feeds and the sitemap.</summary>
    public string PublicBaseUrl { get; set; } = "https://www.rabat-process.org";

    public PreviewOptions Preview { get; set; } = new();

    public SchedulerOptions Scheduler { get; set; } = new();

    public sealed class PreviewOptions
    {
        /// <summary>HMAC-SHA256 key (at least 32 characters).</summary>
        public string? Key { get; set; }

        public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);
    }

    public sealed class SchedulerOptions
    {
        public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

        public int BatchSize { get; set; } = 100;
    }

    public string BaseUrl => PublicBaseUrl.TrimEnd('/');
}
