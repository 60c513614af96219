using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RabatPlatform.Subscriptions.Features.Webhooks;

namespace RabatPlatform.Tests.Unit;

/// <summary>Webhook signing secrets at rest: AES-GCM under configured keys, bound to their endpoint, rotatable.</summary>
public sealed class WebhookSecretProtectorTests
{
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_secret_round_trips_is_not_stored_in_clear_and_only_opens_for_its_endpoint()
    {
        var protector = Protector(new() { ["a"] = KeyA });
        var (endpoint, secret) = WebhookEndpoint.Create("https://example.org/hook", null, ["news.published"], null, DateTimeOffset.UtcNow, protector);

        Assert.StartsWith("v1:a:", endpoint.Secret);
        Assert.DoesNotContain(secret[WebhookEndpoint.SecretPrefix.Length..], endpoint.Secret);
        Assert.Equal([secret], endpoint.SigningSecrets(DateTimeOffset.UtcNow, protector));
        Assert.NotEqual(endpoint.Secret, protector.Protect(secret, endpoint.Id)); // a fresh nonce each time

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(endpoint.Secret, Guid.NewGuid()));
        var tampered = endpoint.Secret[..^4] + (endpoint.Secret[^4] == 'A' ? "B" : "A") + endpoint.Secret[^3..];
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(tampered, endpoint.Id));
        Assert.ThrowsAny<CryptographicException>(() => Protector(new() { ["b"] = KeyB }).Unprotect(endpoint.Secret, endpoint.Id));
    }

    [Fact]
    public void Rotation_keeps_both_secrets_readable_and_a_new_key_reprotects_old_values()
    {
        var now = DateTimeOffset.UtcNow;
        var before = Protector(new() { ["a"] = KeyA });
        var (endpoint, first) = WebhookEndpoint.Create("https://example.org/hook", null, ["news.published"], null, now, before);
        var second = endpoint.RotateSecret(now, now.AddHours(1), before);
        Assert.Equal([second, first], endpoint.SigningSecrets(now, before));
        Assert.Equal([second], endpoint.SigningSecrets(now.AddHours(2), before));

        // Key rotation: b becomes active, a stays configured until nothing uses it.
        var after = Protector(new() { ["a"] = KeyA, ["b"] = KeyB }, active: "b");
        Assert.True(after.NeedsReprotection(endpoint.Secret));
        Assert.True(endpoint.Reprotect(after));
        Assert.StartsWith("v1:b:", endpoint.Secret);
        Assert.StartsWith("v1:b:", endpoint.PreviousSecret);
        Assert.False(endpoint.Reprotect(after));
        Assert.Equal([second, first], endpoint.SigningSecrets(now, Protector(new() { ["b"] = KeyB })));
    }

    [Fact]
    public void A_secret_stored_before_encryption_still_reads_and_is_then_encrypted()
    {
        var protector = Protector(new() { ["a"] = KeyA });
        var legacy = WebhookEndpoint.NewSecret();
        Assert.Equal(legacy, protector.Unprotect(legacy, Guid.NewGuid()));
        Assert.True(protector.NeedsReprotection(legacy));
    }

    [Fact]
    public void Keys_are_required_outside_development_and_checked()
    {
        Assert.Throws<InvalidOperationException>(() => Protector([], environment: Environments.Production));
        Assert.Throws<InvalidOperationException>(() => Protector(new() { ["a"] = "c2hvcnQ=" }));
        Assert.Throws<InvalidOperationException>(() => Protector(new() { ["a b"] = KeyA }));
        Assert.Throws<InvalidOperationException>(() => Protector(new() { ["a"] = KeyA, ["b"] = KeyB }));
        Assert.Throws<InvalidOperationException>(() => Protector(new() { ["a"] = KeyA }, active: "c"));

        var development = Protector([], environment: Environments.Development);
        Assert.Equal(WebhookSecretProtector.DevelopmentKeyId, development.ActiveKeyId);
        Assert.Equal("whsec_x", development.Unprotect(development.Protect("whsec_x", Guid.Empty), Guid.Empty));
    }

    private static WebhookSecretProtector Protector(Dictionary<string, string> keys, string? active = null, string environment = "Production") =>
        new(
            Options.Create(new WebhookOptions { SecretKeys = keys, ActiveSecretKey = active }),
            new HostingEnvironment { EnvironmentName = environment },
            NullLogger<WebhookSecretProtector>.Instance);
}
