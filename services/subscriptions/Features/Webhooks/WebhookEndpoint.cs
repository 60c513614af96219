using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>A partner system's URL that receives the event types it subscribed to, signed with its secret.</summary>
public sealed class WebhookEndpoint
{
    public const string SecretPrefix = "whsec_";

    private WebhookEndpoint()
    {
    }

    public Guid Id { get; private set; }

    public string Url { get; private set; } = "";

    public string? Description { get; private set; }

    public List<string> EventTypes { get; private set; } = [];

    public string? PartnerCode { get; private set; }

    public bool Enabled { get; private set; }

    public DateTimeOffset? DisabledAt { get; private set; }

    public string? DisabledReason { get; private set; }

    /// <summary>The first failure since the last success; cleared by a success.</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    /// <summary>
    /// The signing secret as stored: encrypted by <see cref="WebhookSecretProtector"/> (the secret itself is
    /// <c>whsec_</c> + base64 of 32 random bytes, shown once, at registration or rotation).
    /// </summary>
    public string Secret { get; private set; } = "";

    /// <summary>The previous secret during a rotation, stored like <see cref="Secret"/>.</summary>
    public string? PreviousSecret { get; private set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>A new enabled endpoint with a new secret; returns the secret in clear, to show once.</summary>
    public static (WebhookEndpoint Endpoint, string Secret) Create(
        string url, string? description, List<string> eventTypes, string? partnerCode, DateTimeOffset now, WebhookSecretProtector secrets)
    {
        var endpoint = new WebhookEndpoint
        {
            Id = Guid.CreateVersion7(now),
            Url = url,
            Description = description,
            EventTypes = eventTypes,
            PartnerCode = partnerCode,
            Enabled = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var secret = NewSecret();
        endpoint.Secret = secrets.Protect(secret, endpoint.Id);
        return (endpoint, secret);
    }

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public void Update(string url, string? description, List<string> eventTypes, string? partnerCode, bool? enabled, DateTimeOffset now)
    {
        Url = url;
        Description = description;
        EventTypes = eventTypes;
        PartnerCode = partnerCode;
        if (enabled == true && !Enabled)
        {
            Enabled = true;
            DisabledAt = null;
            DisabledReason = null;
            FailingSince = null;
        }
        else if (enabled == false && Enabled)
        {
            Disable("Disabled by the Secretariat.", now);
        }

        UpdatedAt = now;
    }

    /// <summary>Replaces the secret; the old one still signs deliveries until <paramref name="overlapUntil"/>. Returns the new one in clear.</summary>
    public string RotateSecret(DateTimeOffset now, DateTimeOffset overlapUntil, WebhookSecretProtector secrets)
    {
        var secret = NewSecret();
        PreviousSecret = Secret;
        PreviousSecretExpiresAt = overlapUntil;
        Secret = secrets.Protect(secret, Id);
        UpdatedAt = now;
        return secret;
    }

    /// <summary>The secrets that sign a delivery now, in clear: the current one, then the previous one during a rotation.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now, WebhookSecretProtector secrets) =>
        PreviousSecret is not null && PreviousSecretExpiresAt > now
            ? [secrets.Unprotect(Secret, Id), secrets.Unprotect(PreviousSecret, Id)]
            : [secrets.Unprotect(Secret, Id)];

    /// <summary>Encrypts stored secrets written before encryption, or under a key that is no longer the active one.</summary>
    public bool Reprotect(WebhookSecretProtector secrets)
    {
        var changed = false;
        if (secrets.NeedsReprotection(Secret))
        {
            Secret = secrets.Protect(secrets.Unprotect(Secret, Id), Id);
            changed = true;
        }

        if (PreviousSecret is not null && secrets.NeedsReprotection(PreviousSecret))
        {
            PreviousSecret = secrets.Protect(secrets.Unprotect(PreviousSecret, Id), Id);
            changed = true;
        }

        return changed;
    }

    public void Disable(string reason, DateTimeOffset now)
    {
        Enabled = false;
        DisabledAt = now;
        DisabledReason = reason;
        UpdatedAt = now;
    }

    public void RecordSuccess() => FailingSince = null;

    public void RecordFailure(DateTimeOffset now) => FailingSince ??= now;
}

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> b)
    {
        b.ToTable("webhook_endpoints");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.Url).HasMaxLength(2048);
        b.Property(e => e.Description).HasMaxLength(500);
        b.Property(e => e.PartnerCode).HasMaxLength(20);
        b.Property(e => e.DisabledReason).HasMaxLength(500);
        b.Property(e => e.Secret).HasMaxLength(300);
        b.Property(e => e.PreviousSecret).HasMaxLength(300);
        b.Property(e => e.EventTypes).HasColumnType("text[]");
        b.HasIndex(e => e.EventTypes).HasMethod("gin");
        b.HasIndex(e => e.CreatedAt);
    }
}
