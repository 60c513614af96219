using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Hosting;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Security;

/// <summary>
/// Bearer tokens, checked by a service behind the gateway (a Secretariat-only route): only the algorithm and the
/// token type the platform uses, its issuer and audience, unexpired, signed with its key.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TokenValidationTests(PlatformFixture platform) : IAsyncLifetime
{
    private const string Route = "/api/subscriptions/newsletter/stats";
    private static readonly byte[] DevKey = Encoding.UTF8.GetBytes(PlatformAuthenticationOptions.DefaultDevSigningKey);

    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_well_formed_token_is_accepted()
    {
        // The baseline the refusals below differ from by one thing each.
        Assert.Equal(HttpStatusCode.OK, await CallAsync(Token()));
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var valid = Token();
        var parts = valid.Split('.');
        var header = Base64Url(new { alg = "none", typ = "JWT" });
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync($"{header}.{parts[1]}."));
    }

    [Fact]
    public async Task A_token_of_another_issuer_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(Token(issuer: "https://attacker.example")));

    [Fact]
    public async Task A_token_for_another_audience_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(Token(audience: "another-api")));

    [Fact]
    public async Task An_expired_token_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(Token(expires: DateTimeOffset.UtcNow.AddHours(-1))));

    [Fact]
    public async Task A_token_re_signed_with_another_key_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(Token(key: RandomNumberGenerator.GetBytes(64))));

    [Fact]
    public async Task A_token_signed_with_an_algorithm_the_platform_does_not_use_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(Token(alg: "HS512")));

    [Theory]
    [InlineData("logout+jwt")]
    [InlineData(null)]
    public async Task A_token_of_another_type_is_refused(string? type) =>
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(Token(type: type)));

    private async Task<HttpStatusCode> CallAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Route);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await platform.Client.SendAsync(request)).StatusCode;
    }

    /// <summary>A Secretariat token as the gateway's dev-token route issues it, but for what a parameter changes.</summary>
    private static string Token(
        string alg = "HS256", string? type = "JWT", string issuer = "rabat-platform-dev", string audience = "rabat-platform",
        DateTimeOffset? expires = null, byte[]? key = null)
    {
        var exp = expires ?? DateTimeOffset.UtcNow.AddMinutes(30);
        var header = Base64Url(type is null ? new Dictionary<string, string> { ["alg"] = alg } : new Dictionary<string, string> { ["alg"] = alg, ["typ"] = type });
        var payload = Base64Url(new Dictionary<string, object>
        {
            ["sub"] = "token-tests",
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["role"] = "secretariat",
            ["iss"] = issuer,
            ["aud"] = audience,
            ["nbf"] = exp.AddHours(-2).ToUnixTimeSeconds(),
            ["iat"] = exp.AddHours(-2).ToUnixTimeSeconds(),
            ["exp"] = exp.ToUnixTimeSeconds(),
        });
        var signingInput = Encoding.ASCII.GetBytes($"{header}.{payload}");
        var signature = alg switch
        {
            "HS256" => HMACSHA256.HashData(key ?? DevKey, signingInput),
            "HS512" => HMACSHA512.HashData(key ?? DevKey, signingInput),
            _ => throw new ArgumentOutOfRangeException(nameof(alg)),
        };
        return $"{header}.{payload}.{WebEncoders.Base64UrlEncode(signature)}";
    }

    private static string Base64Url(object value) => WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(value));
}
