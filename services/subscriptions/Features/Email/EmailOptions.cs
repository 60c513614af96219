namespace RabatPlatform.Subscriptions.Features.Email;

/// <summary>Section <c>Subscriptions:Mail</c>.</summary>
public sealed class MailSenderOptions
{
    public const string Section = "Subscriptions:Mail";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Parallel SMTP connections.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>Messages per second over all connections.</summary>
    public int MessagesPerSecond { get; set; } = 20;

    /// <summary>Rows claimed per round.</summary>
    public int BatchSize { get; set; } = 100;

    public int MaxAttempts { get; set; } = 6;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A claimed row not finished by then (crashed sender) is claimed again.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Section <c>Email</c>: what every outgoing mail says about where it comes from.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The right-hand side of <c>Message-ID</c>s (<c>&lt;…@rabat-process.org&gt;</c>); default: the From address's domain, never the host's name.</summary>
    public string? MessageIdDomain { get; set; }

    /// <summary>Optional DKIM signing (off by default).</summary>
    public DkimOptions Dkim { get; set; } = new();

    public string MessageIdDomainFor(string fromAddress) =>
        string.IsNullOrWhiteSpace(MessageIdDomain) ? fromAddress[(fromAddress.LastIndexOf('@') + 1)..] : MessageIdDomain.Trim();
}

/// <summary>Section <c>Email:Dkim</c>: the signing domain (<c>d=</c>), selector (<c>s=</c>) and RSA private key, as a PEM file or the PEM itself (from a secret).</summary>
public sealed class DkimOptions
{
    public bool Enabled { get; set; }

    public string? Domain { get; set; }

    public string? Selector { get; set; }

    /// <summary>Path of a PEM file (PKCS#1 or PKCS#8) holding the private key.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The PEM text itself (e.g. <c>Email__Dkim__PrivateKey</c> from the secret store); wins over <see cref="PrivateKeyPath"/>.</summary>
    public string? PrivateKey { get; set; }

    public bool IsValid => !Enabled || (!string.IsNullOrWhiteSpace(Domain) && !string.IsNullOrWhiteSpace(Selector)
        && (!string.IsNullOrWhiteSpace(PrivateKey) || File.Exists(PrivateKeyPath)));
}
