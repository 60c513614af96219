using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace RabatPlatform.Subscriptions.Data;

public enum TokenPurpose : byte
{
    Confirm = 1,
    Manage = 2,
}

/// <summary>
/// Signed, purpose-bound, expiring link tokens: base64url(purpose ‖ subscriber id ‖ stamp ‖ expiry) "." base64url(HMAC-SHA256).
/// Also the salted hashes of addresses and IPs.
/// </summary>
public sealed class NewsletterTokens
{
    private const string DevelopmentKey = "development-only-newsletter-token-key-change-me";
    private const string DevelopmentPepper = "development-only-newsletter-pepper";
    private readonly byte[] key;
    private readonly byte[] pepper;
    private readonly NewsletterOptions options;
    private readonly TimeProvider time;

    public NewsletterTokens(IOptions<NewsletterOptions> options, IHostEnvironment environment, TimeProvider time)
    {
        this.options = options.Value;
        this.time = time;
        // The built-in key and pepper are published in this repository: Development only (Staging too needs its own).
        var k = this.options.TokenKey ?? (environment.IsDevelopment() ? DevelopmentKey : null);
        var p = this.options.HashPepper ?? (environment.IsDevelopment() ? DevelopmentPepper : null);
        if (k is null || k.Length < 32 || string.IsNullOrEmpty(p))
        {
            throw new InvalidOperationException("Subscriptions:TokenKey (>= 32 characters) and Subscriptions:HashPepper must be configured outside Development.");
        }

        key = Encoding.UTF8.GetBytes(k);
        pepper = Encoding.UTF8.GetBytes(p);
    }

    public static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string Create(TokenPurpose purpose, Guid subscriberId, string stamp)
    {
        var lifetime = purpose == TokenPurpose.Confirm ? options.ConfirmationTokenLifetime : options.ManageTokenLifetime;
        var expires = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var stampBytes = Convert.FromHexString(stamp);
        var payload = new byte[1 + 16 + stampBytes.Length + 8];
        payload[0] = (byte)purpose;
        subscriberId.TryWriteBytes(payload.AsSpan(1, 16));
        stampBytes.CopyTo(payload, 17);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(17 + stampBytes.Length), expires);
        return WebEncoders.Base64UrlEncode(payload) + "." + WebEncoders.Base64UrlEncode(HMACSHA256.HashData(key, payload));
    }

    /// <summary>The subscriber id and stamp of a genuine, unexpired token of that purpose; otherwise null.</summary>
    public (Guid SubscriberId, string Stamp)? Read(string? token, TokenPurpose purpose)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200 || token.Split('.') is not [var body, var mac])
        {
            return null;
        }

        byte[] payload, signature;
        try
        {
            payload = WebEncoders.Base64UrlDecode(body);
            signature = WebEncoders.Base64UrlDecode(mac);
        }
        catch (FormatException)
        {
            return null;
        }

        if (payload.Length != 1 + 16 + 16 + 8
            || !CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(key, payload))
            || payload[0] != (byte)purpose)
        {
            return null;
        }

        var expires = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(33));
        if (time.GetUtcNow().ToUnixTimeSeconds() > expires)
        {
            return null;
        }

        return (new Guid(payload.AsSpan(1, 16)), Convert.ToHexStringLower(payload.AsSpan(17, 16)));
    }

    /// <summary>HMAC-SHA256 of the normalised address (lower case, trimmed) under the pepper.</summary>
    public string HashEmail(string email) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(pepper, Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    /// <summary>SHA-256 of the pepper and the IP: enough to match abuse reports, not to recover the address.</summary>
    public string? HashIp(System.Net.IPAddress? ip) =>
        ip is null ? null : Convert.ToHexStringLower(SHA256.HashData([.. pepper, .. Encoding.ASCII.GetBytes(ip.ToString())]));
}
