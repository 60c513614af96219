using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RabatPlatform.Subscriptions.Data;

/// <summary>Where a subscriber stands. Stored as lower-case text.</summary>
public static class SubscriberStates
{
    public const string Pending = "pending";
    public const string Confirmed = "confirmed";
    public const string Unsubscribed = "unsubscribed";
    public const string Bounced = "bounced";
    public const string Erased = "erased";

    public static readonly IReadOnlyList<string> All = [Pending, Confirmed, Unsubscribed, Bounced, Erased];
}

/// <summary>
/// One newsletter address. <c>EmailHash</c> (HMAC of the normalised address) is the unique key and the only
/// thing left after an erasure. <c>Stamp</c> is a random value every token carries: a new stamp (re-subscription,
/// erasure) invalidates every earlier link.
/// </summary>
public sealed class Subscriber
{
    /// <summary>RFC 5321's path limit.</summary>
    public const int EmailMaxLength = 254;

    public Guid Id { get; set; }

    public string? Email { get; set; }

    public string EmailHash { get; set; } = "";

    public string Language { get; set; } = "fr";

    public List<string> Topics { get; set; } = [];

    public string State { get; set; } = SubscriberStates.Pending;

    public string Stamp { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the subscription was requested, and a salted SHA-256 of the requesting IP.</summary>
    public DateTimeOffset? RequestedAt { get; set; }

    public string? RequestIpHash { get; set; }

    /// <summary>Consent: when the address confirmed, and a salted SHA-256 of the confirming IP.</summary>
    public DateTimeOffset? ConsentAt { get; set; }

    public string? ConsentIpHash { get; set; }

    public DateTimeOffset? UnsubscribedAt { get; set; }

    public DateTimeOffset? BouncedAt { get; set; }

    public DateTimeOffset? ErasedAt { get; set; }

    /// <summary>
    /// An explicit request: (re)starts the double opt-in with this address, language and topics, under a new
    /// stamp (every earlier link dies), pending until confirmed.
    /// </summary>
    public void Request(string email, string language, List<string> topics, string newStamp, string? requestIpHash, DateTimeOffset now)
    {
        Email = email;
        Language = language;
        Topics = topics;
        State = SubscriberStates.Pending;
        Stamp = newStamp;
        RequestedAt = now;
        RequestIpHash = requestIpHash;
        ErasedAt = null;
        UpdatedAt = now;
    }

    /// <summary>Pending → confirmed, recording the consent; false (nothing changes) when not pending.</summary>
    public bool Confirm(string? consentIpHash, DateTimeOffset now)
    {
        if (State != SubscriberStates.Pending)
        {
            return false;
        }

        State = SubscriberStates.Confirmed;
        ConsentAt = now;
        ConsentIpHash = consentIpHash;
        UpdatedAt = now;
        return true;
    }

    /// <summary>Pending or confirmed → unsubscribed; false (nothing changes) otherwise.</summary>
    public bool Unsubscribe(DateTimeOffset now)
    {
        if (State is not (SubscriberStates.Pending or SubscriberStates.Confirmed))
        {
            return false;
        }

        State = SubscriberStates.Unsubscribed;
        UnsubscribedAt = now;
        UpdatedAt = now;
        return true;
    }

    public void ChangePreferences(string language, List<string> topics, DateTimeOffset now)
    {
        Language = language;
        Topics = topics;
        UpdatedAt = now;
    }

    /// <summary>Forgets everything but the address hash and the erasure time.</summary>
    public void Erase(DateTimeOffset now, string newStamp)
    {
        Email = null;
        Topics = [];
        State = SubscriberStates.Erased;
        Stamp = newStamp;
        RequestedAt = null;
        RequestIpHash = null;
        ConsentAt = null;
        ConsentIpHash = null;
        UnsubscribedAt = null;
        BouncedAt = null;
        ErasedAt = now;
        UpdatedAt = now;
    }
}

public sealed class SubscriberConfiguration : IEntityTypeConfiguration<Subscriber>
{
    public void Configure(EntityTypeBuilder<Subscriber> builder)
    {
        builder.ToTable("newsletter_subscribers");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Email).HasMaxLength(Subscriber.EmailMaxLength);
        builder.Property(s => s.EmailHash).HasMaxLength(64);
        builder.HasIndex(s => s.EmailHash).IsUnique();
        builder.Property(s => s.Language).HasMaxLength(2);
        builder.Property(s => s.State).HasMaxLength(16);
        builder.Property(s => s.Stamp).HasMaxLength(32);
        builder.Property(s => s.RequestIpHash).HasMaxLength(64);
        builder.Property(s => s.ConsentIpHash).HasMaxLength(64);
        // The fan-out walks confirmed subscribers by id.
        builder.HasIndex(s => new { s.State, s.Id });
    }
}
