namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>Settings of partner webhooks (configuration section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    public static readonly IReadOnlyList<TimeSpan> DefaultRetrySchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10),
    ];

    /// <summary>Plain <c>http://</c> targets are accepted (local development only).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Private, loopback, link-local… addresses are accepted (local development only).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Exact targets exempt from the address checks: <c>host:port</c> or <c>host:first-last</c> (a port range),
    /// compared with the URL's own host (an IP literal or a name as written, never what a name resolves to).
    /// </summary>
    public List<string> AllowedTargets { get; set; } = [];

    /// <summary>How long one delivery attempt may take (connect, send, answer).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Delays before the 2nd, 3rd… attempt; after the last one the delivery has failed. Null: the default.</summary>
    public List<TimeSpan>? RetrySchedule { get; set; }

    public IReadOnlyList<TimeSpan> Schedule => RetrySchedule is { Count: > 0 } s ? s : DefaultRetrySchedule;

    /// <summary>Each delay is lengthened by a random 0 to this fraction of itself.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>The longest <c>Retry-After</c> honoured (a longer one is capped).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>An endpoint failing without any success for this long is disabled.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>
    /// Keys that encrypt signing secrets at rest: id → base64 of 32 random bytes (<c>openssl rand -base64 32</c>),
    /// from the deployment's secret store. Required outside Development (see <see cref="WebhookSecretProtector"/>).
    /// </summary>
    public Dictionary<string, string> SecretKeys { get; set; } = [];

    /// <summary>The id in <see cref="SecretKeys"/> that new secrets are encrypted with (optional with a single key).</summary>
    public string? ActiveSecretKey { get; set; }

    /// <summary>After a rotation, deliveries carry the old signature as well for this long.</summary>
    public TimeSpan SecretRotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the dispatcher looks for due deliveries (it is also woken by new ones).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts in flight at once, over all endpoints (never more than one per endpoint).</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Succeeded and failed deliveries (and their attempt log) are deleted after this long.</summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The CloudEvents <c>source</c> of every delivery.</summary>
    public string Source { get; set; } = "https://www.rabat-process.org";

    /// <summary>The broker address the AsyncAPI document names.</summary>
    public string BrokerHost { get; set; } = "localhost:5672";

    public TimeSpan Jittered(TimeSpan delay) =>
        delay + TimeSpan.FromMilliseconds(delay.TotalMilliseconds * Jitter * Random.Shared.NextDouble());
}
