namespace RabatPlatform.Subscriptions.Features.Newsletter;

/// <summary>Section <c>Subscriptions</c>.</summary>
public sealed class NewsletterOptions
{
    public const string Section = "Subscriptions";

    /// <summary>The public site's base URL (links in emails), e.g. <c>https://www.rabat-process.org</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>HMAC key of the tokens in links (at least 32 characters; a fixed default only in Development).</summary>
    public string? TokenKey { get; set; }

    /// <summary>Pepper of the address and IP hashes (a fixed default only in Development).</summary>
    public string? HashPepper { get; set; }

    /// <summary>How long a confirmation link is valid.</summary>
    public TimeSpan ConfirmationTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long an unsubscribe/preferences link is valid (long: old newsletters must still unsubscribe).</summary>
    public TimeSpan ManageTokenLifetime { get; set; } = TimeSpan.FromDays(730);

    /// <summary>Sender of every email.</summary>
    public string FromAddress { get; set; } = "newsletter@rabat-process.org";

    public string FromName { get; set; } = "Processus de Rabat / Rabat Process";

    /// <summary>Mailbox that receives mailto: unsubscribe requests.</summary>
    public string UnsubscribeMailbox { get; set; } = "unsubscribe@rabat-process.org";

    /// <summary>Rows per set-based INSERT … SELECT of the fan-out.</summary>
    public int FanOutBatchSize { get; set; } = 5000;

    /// <summary>
    /// Only news and publications dated within this period before "now" are mailed to subscribers, and
    /// only meetings that have not ended: loading an archive (the real data set, a generated one, an
    /// old item published late) must not mail everyone about the past.
    /// </summary>
    public TimeSpan NotifyMaxAge { get; set; } = TimeSpan.FromDays(60);
}
