namespace RabatPlatform.Subscriptions.Data;

/// <summary>Section <c>Subscriptions</c>.</summary>
public sealed class NewsletterOptions
{
    public const string Section = "Subscriptions";

    /// <summary>
    /// The public address the links in emails start with: the newsletter's token links
    /// (<c>{base}/api/subscriptions/newsletter/confirm?token=…</c>) and the items' links (see <see cref="ItemLinks"/>).
    /// Development: the local gateway, <c>http://localhost:8080</c> (appsettings.Development.json).
    /// </summary>
    public string PublicBaseUrl { get; set; } = "https://www.rabat-process.org";

    /// <summary>
    /// What an item's link in a notification points at: <see cref="ItemLinkStyle.Website"/>, the website's page
    /// (<c>{base}/{lang}/{news|meetings|publications}/{slug}</c>), or <see cref="ItemLinkStyle.Api"/>, the gateway's
    /// public read of the item (<c>{base}/api/content/news/{slug}?lang=…</c>), for a local run with no website
    /// (the Development default).
    /// </summary>
    public ItemLinkStyle ItemLinks { get; set; } = ItemLinkStyle.Website;

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

/// <summary>What the item links in notification mails point at (<see cref="NewsletterOptions.ItemLinks"/>).</summary>
public enum ItemLinkStyle
{
    /// <summary>The website's page of the item: <c>{base}/{lang}/{section}/{slug}</c>.</summary>
    Website,

    /// <summary>The item's public read through the gateway: <c>{base}/api/{content/news|meetings|publications}/{slug}?lang={lang}</c>.</summary>
    Api,
}
