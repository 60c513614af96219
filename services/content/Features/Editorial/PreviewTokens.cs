using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace RabatPlatform.Content.Features.Editorial;

public enum PreviewTokenCheck
{
    Valid,
    Malformed,
    Forged,
    Expired,
}

/// <summary>
/// Signed, expiring preview links: <c>base64url(item id ‖ expiry)</c>.<c>base64url(HMAC-SHA256)</c>.
/// No state is kept: the signature proves the Secretariat issued it, the expiry bounds its life.
/// </summary>
public sealed class PreviewTokens
{
    private const int PayloadLength = 16 + 8;
    private readonly byte[] key;
    private readonly TimeProvider time;

    public PreviewTokens(IOptions<EditorialOptions> options, IHostEnvironment environment, TimeProvider time)
    {
        var configured = options.Value.Preview.Key ?? (environment.IsDevelopment() ? EditorialOptions.DevelopmentPreviewKey : null);
        if (configured is null || configured.Length < 32)
        {
            throw new InvalidOperationException("Content:Preview:Key must be set (at least 32 characters) outside Development.");
        }

        key = Encoding.UTF8.GetBytes(configured);
        this.time = time;
        Lifetime = options.Value.Preview.Lifetime;
    }

    public TimeSpan Lifetime { get; }

    public (string Token, DateTimeOffset ExpiresAt) Issue(Guid itemId)
    {
        var expiresAt = time.GetUtcNow() + Lifetime;
        var payload = new byte[PayloadLength];
        itemId.TryWriteBytes(payload.AsSpan(0, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(16), expiresAt.ToUnixTimeSeconds());
        var signature = HMACSHA256.HashData(key, payload);
        return ($"{WebEncoders.Base64UrlEncode(payload)}.{WebEncoders.Base64UrlEncode(signature)}",
            DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds()));
    }

    public PreviewTokenCheck Check(string? token, out Guid itemId, out DateTimeOffset expiresAt)
    {
        itemId = Guid.Empty;
        expiresAt = default;
        var parts = token?.Split('.') ?? [];
        if (parts.Length != 2 || parts[0].Length > 64 || parts[1].Length > 64)
        {
            return PreviewTokenCheck.Malformed;
        }

        byte[] payload, signature;
        try
        {
            payload = WebEncoders.Base64UrlDecode(parts[0]);
            signature = WebEncoders.Base64UrlDecode(parts[1]);
        }
        catch (FormatException)
        {
            return PreviewTokenCheck.Malformed;
        }

        if (payload.Length != PayloadLength)
        {
            return PreviewTokenCheck.Malformed;
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), signature))
        {
            return PreviewTokenCheck.Forged;
        }

        itemId = new Guid(payload.AsSpan(0, 16));
        expiresAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(16)));
        return expiresAt <= time.GetUtcNow() ? PreviewTokenCheck.Expired : PreviewTokenCheck.Valid;
    }
}
