using System.Security.Cryptography;
using System.Text;

namespace RabatPlatform.Contracts;

/// <summary>What an erasure reaches (see <see cref="PersonErasureRequested"/>).</summary>
public static class ErasureScopes
{
    /// <summary>Every copy of the address, everywhere: an operator's erasure of a person.</summary>
    public const string Person = "person";

    /// <summary>The copies about one meeting (its registrations, their mails and events): the retention erasure.</summary>
    public const string Meeting = "meeting";

    /// <summary>A subscriber's own erasure of their newsletter subscription.</summary>
    public const string Newsletter = "newsletter";

    public static readonly IReadOnlyList<string> All = [Person, Meeting, Newsletter];
}

/// <summary>
/// A person's personal data is to be erased: every service erases its copies (rows, mails, outbox payloads,
/// <c>_error</c> messages) of the addresses named. The event never carries an address: it carries
/// <see cref="AddressFingerprint"/>s, salted SHA-256s with a salt of its own, so its own outbox row, its
/// broker message, an <c>_error</c> copy or a log line leaves no address behind once it has been applied.
/// <c>MeetingId</c> is set for the <see cref="ErasureScopes.Meeting"/> scope only.
/// </summary>
[EventType("person.erasure_requested")]
public sealed record PersonErasureRequested(
    Guid EventId,
    DateTimeOffset OccurredAt,
    string Scope,
    Guid? MeetingId,
    string Salt,
    IReadOnlyList<string> AddressHashes,
    string RequestedBy) : IIntegrationEvent
{
    /// <summary>The event for <paramref name="addresses"/>, fingerprinted with a fresh salt.</summary>
    public static PersonErasureRequested For(
        DateTimeOffset now, string scope, Guid? meetingId, IEnumerable<string> addresses, string requestedBy)
    {
        var salt = AddressFingerprint.NewSalt();
        var hashes = addresses.Select(a => AddressFingerprint.Of(salt, a)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new PersonErasureRequested(Guid.CreateVersion7(now), now, scope, meetingId, salt, hashes, requestedBy);
    }

    /// <summary>Whether <paramref name="address"/> is one of the addresses to erase.</summary>
    public bool Names(string? address) =>
        !string.IsNullOrWhiteSpace(address) && AddressHashes.Contains(AddressFingerprint.Of(Salt, address), StringComparer.Ordinal);
}

/// <summary>
/// A salted SHA-256 of an address (trimmed, lower-cased): a service can tell whether an address it holds is the
/// one named, without the event holding the address. Whoever holds an event can still confirm a guessed address.
/// </summary>
public static class AddressFingerprint
{
    public static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Of(string salt, string address) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + ":" + address.Trim().ToLowerInvariant())));
}
