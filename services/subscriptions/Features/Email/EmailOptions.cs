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
