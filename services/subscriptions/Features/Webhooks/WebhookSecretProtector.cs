using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>
/// Encrypts webhook signing secrets at rest (AES-256-GCM), so that a copy of the database alone does not
/// give anyone the means to sign deliveries in the platform's name. The keys come from configuration
/// (<c>Webhooks:SecretKeys:{id}</c>, base64 of 32 bytes, and <c>Webhooks:ActiveSecretKey</c>), i.e. from the
/// deployment's secret store, never from the database.
/// </summary>
/// <remarks>
/// A stored value is <c>v1:{keyId}:{base64(nonce ‖ tag ‖ ciphertext)}</c>, bound to its endpoint's id (the
/// associated data), so a value copied to another row does not decrypt. Values written before encryption
/// (<c>whsec_…</c>) still read as they are, and <see cref="WebhookSecretReprotection"/> encrypts them, and
/// re-encrypts values under a key that is no longer the active one (key rotation: add a key, make it
/// active, restart; remove the old key once nothing uses it). Outside Development the keys are required;
/// in Development, without keys, a fixed development key is used (and a warning logged).
/// </remarks>
public sealed partial class WebhookSecretProtector
{
    public const string Version = "v1";

    /// <summary>The key id used in Development when no key is configured. Never valid elsewhere.</summary>
    public const string DevelopmentKeyId = "development";

    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Dictionary<string, byte[]> keys;

    public WebhookSecretProtector(IOptions<WebhookOptions> options, IHostEnvironment environment, ILogger<WebhookSecretProtector> logger)
    {
        var settings = options.Value;
        keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, value) in settings.SecretKeys)
        {
            keys[id] = ParseKey(id, value);
        }

        if (keys.Count == 0 && environment.IsDevelopment())
        {
            LogDevelopmentKey(logger);
            keys[DevelopmentKeyId] = SHA256.HashData(Encoding.UTF8.GetBytes("RabatPlatform development webhook key - not a secret"));
            ActiveKeyId = DevelopmentKeyId;
            return;
        }

        if (keys.Count == 0)
        {
            throw new InvalidOperationException(
                "Webhook secrets are encrypted at rest: set Webhooks:SecretKeys:<id> (base64 of 32 random bytes) and Webhooks:ActiveSecretKey=<id>.");
        }

        ActiveKeyId = settings.ActiveSecretKey is { Length: > 0 } active ? active : keys.Count == 1 ? keys.Keys.Single() : "";
        if (!keys.ContainsKey(ActiveKeyId))
        {
            throw new InvalidOperationException(
                $"Webhooks:ActiveSecretKey must name one of Webhooks:SecretKeys ({string.Join(", ", keys.Keys)}).");
        }
    }

    /// <summary>The key new values are encrypted with.</summary>
    public string ActiveKeyId { get; }

    /// <summary>How every value encrypted with the active key begins (<c>v1:{ActiveKeyId}:</c>).</summary>
    public string ActivePrefix => $"{Version}:{ActiveKeyId}:";

    /// <summary>The stored form of <paramref name="secret"/> for endpoint <paramref name="endpointId"/>.</summary>
    public string Protect(string secret, Guid endpointId)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var output = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys[ActiveKeyId], TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), endpointId.ToByteArray());
        return ActivePrefix + Convert.ToBase64String(output);
    }

    /// <summary>The secret of a stored value; a value from before encryption is returned as it is.</summary>
    /// <exception cref="CryptographicException">The value's key is not configured, or the value was altered or moved.</exception>
    public string Unprotect(string stored, Guid endpointId)
    {
        if (IsPlaintext(stored))
        {
            return stored;
        }

        var parts = stored.Split(':', 3);
        if (parts.Length != 3 || parts[0] != Version)
        {
            throw new CryptographicException("Unknown format of a stored webhook secret.");
        }

        if (!keys.TryGetValue(parts[1], out var key))
        {
            throw new CryptographicException($"The webhook secret key '{parts[1]}' is not configured (Webhooks:SecretKeys).");
        }

        var input = new byte[parts[2].Length];
        if (!Convert.TryFromBase64String(parts[2], input, out var length) || length < NonceSize + TagSize)
        {
            throw new CryptographicException("A stored webhook secret is malformed.");
        }

        input = input[..length];
        var plaintext = new byte[input.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), plaintext, endpointId.ToByteArray());
        return Encoding.UTF8.GetString(plaintext);
    }

    /// <summary>Whether a stored value should be written again: not encrypted yet, or under another key than the active one.</summary>
    public bool NeedsReprotection(string stored) =>
        IsPlaintext(stored) || !stored.StartsWith(ActivePrefix, StringComparison.Ordinal);

    private static bool IsPlaintext(string stored) => stored.StartsWith(WebhookEndpoint.SecretPrefix, StringComparison.Ordinal);

    private static byte[] ParseKey(string id, string value)
    {
        if (id.Length is 0 or > 32 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new InvalidOperationException($"Webhook secret key id '{id}': 1 to 32 letters, digits, '-' or '_'.");
        }

        try
        {
            var key = Convert.FromBase64String(value);
            return key.Length == 32 ? key : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"Webhooks:SecretKeys:{id} must be the base64 of 32 random bytes (e.g. `openssl rand -base64 32`).");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Webhooks:SecretKeys configured: webhook secrets are encrypted with the fixed development key (Development only).")]
    private static partial void LogDevelopmentKey(ILogger logger);
}
