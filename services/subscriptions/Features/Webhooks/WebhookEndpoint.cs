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

    /// <summary><c>whsec_</c> + base64 of the key bytes. Kept to sign deliveries (see docs/webhooks.md, limits).</summary>
    public string Secret { get; private set; } = "";

    public string? PreviousSecret { get; private set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static WebhookEndpoint Create(string url, string? description, List<string> eventTypes, string? partnerCode, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Url = url,
        Description = description,
        EventTypes = eventTypes,
        PartnerCode = partnerCode,
        Enabled = true,
        Secret = NewSecret(),
        CreatedAt = now,
        UpdatedAt = now,
    };

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

    /// <summary>Replaces the secret; the old one still signs deliveries until <paramref name="overlapUntil"/>.</summary>
    public string RotateSecret(DateTimeOffset now, DateTimeOffset overlapUntil)
    {
        PreviousSecret = Secret;
        PreviousSecretExpiresAt = overlapUntil;
        Secret = NewSecret();
        UpdatedAt = now;
        return Secret;
    }

    /// <summary>The secrets that sign a delivery now: the current one, then the previous one during a rotation.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretExpiresAt > now ? [Secret, PreviousSecret] : [Secret];

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
        b.Property(e => e.Secret).HasMaxLength(100);
        b.Property(e => e.PreviousSecret).HasMaxLength(100);
        b.Property(e => e.EventTypes).HasColumnType("text[]");
        b.HasIndex(e => e.EventTypes).HasMethod("gin");
        b.HasIndex(e => e.CreatedAt);
    }
}
