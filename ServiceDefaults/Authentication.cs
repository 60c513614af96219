using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>The platform's roles and claims.</summary>
public static class PlatformRoles
{
    public const string Secretariat = "secretariat";
    public const string Partner = "partner";

    /// <summary>The claim a partner's token carries: the partner's code (ISO 3166 code or organisation code).</summary>
    public const string PartnerIdClaim = "partner_id";

    public const string RoleClaim = "role";
}

/// <summary>Authorization policy names, used by the services' endpoints.</summary>
public static class PlatformPolicies
{
    public const string Secretariat = "secretariat";
    public const string PartnerOrSecretariat = "partner-or-secretariat";
}

/// <summary>
/// Settings of section <c>Authentication</c>. In production tokens come from an OpenID Connect provider
/// (<see cref="Authority"/>); in Development from the gateway's dev-token route, signed with
/// <see cref="DevSigningKey"/>.
/// </summary>
public sealed class PlatformAuthenticationOptions
{
    public const string Section = "Authentication";

    /// <summary>A development-only default, so a fresh clone runs; never accepted outside Development.</summary>
    public const string DefaultDevSigningKey = "rabat-platform-development-signing-key-not-for-production-use";

    public string? Authority { get; set; }

    public string Audience { get; set; } = "rabat-platform";

    public string Issuer { get; set; } = "rabat-platform-dev";

    public string? DevSigningKey { get; set; }

    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The signing algorithms accepted (<c>Authentication:ValidAlgorithms:0…</c>); by default the one in use: RS256
    /// with an <see cref="Authority"/>, HS256 with the development key. Anything else (<c>none</c>, HS512…) is refused.
    /// </summary>
    public string[]? ValidAlgorithms { get; set; }

    /// <summary>
    /// The token types accepted (header <c>typ</c>, <c>Authentication:ValidTypes:0…</c>); by default access tokens:
    /// <c>JWT</c> and, with an <see cref="Authority"/>, <c>at+jwt</c> (RFC 9068). A token without a type is refused.
    /// </summary>
    public string[]? ValidTypes { get; set; }

    public string[] EffectiveAlgorithms => ValidAlgorithms is { Length: > 0 } algorithms ? algorithms
        : string.IsNullOrEmpty(Authority) ? [SecurityAlgorithms.HmacSha256] : [SecurityAlgorithms.RsaSha256];

    public string[] EffectiveTypes => ValidTypes is { Length: > 0 } types ? types
        : string.IsNullOrEmpty(Authority) ? ["JWT"] : ["JWT", "at+jwt"];

    public SymmetricSecurityKey? GetDevSigningKey(bool isDevelopment)
    {
        var key = DevSigningKey ?? (isDevelopment ? DefaultDevSigningKey : null);
        return key is null ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key));
    }
}

public static class PlatformAuthenticationExtensions
{
    public static TBuilder AddPlatformAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<PlatformAuthenticationOptions>()
            .BindConfiguration(PlatformAuthenticationOptions.Section)
            .Validate<IHostEnvironment>(
                (options, environment) => environment.IsDevelopment()
                    || !string.IsNullOrEmpty(options.Authority)
                    || !string.IsNullOrEmpty(options.DevSigningKey),
                "Authentication:Authority (an OpenID Connect provider) must be configured outside Development.")
            // The built-in key is published in this repository: anyone could sign tokens with it.
            .Validate<IHostEnvironment>(
                (options, environment) => environment.IsDevelopment()
                    || options.DevSigningKey is null
                    || (options.DevSigningKey.Length >= 32 && options.DevSigningKey != PlatformAuthenticationOptions.DefaultDevSigningKey),
                "Authentication:DevSigningKey outside Development must be a secret of its own (at least 32 characters), never the published development key.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<PlatformAuthenticationOptions>>().Value);

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<PlatformAuthenticationOptions, IHostEnvironment>((jwt, options, environment) =>
            {
                jwt.MapInboundClaims = false;
                jwt.Audience = options.Audience;
                var validation = jwt.TokenValidationParameters;
                validation.RoleClaimType = PlatformRoles.RoleClaim;
                validation.NameClaimType = JwtRegisteredClaimNames.Sub;
                // Pinned: the algorithm and token type in use, a signed token from our issuer, for our audience, unexpired.
                validation.ValidAlgorithms = options.EffectiveAlgorithms;
                validation.ValidTypes = options.EffectiveTypes;
                validation.RequireSignedTokens = true;
                validation.RequireExpirationTime = true;
                validation.ValidateIssuer = true;
                validation.ValidateAudience = true;
                validation.ValidateLifetime = true;
                validation.ValidateIssuerSigningKey = true;
                if (!string.IsNullOrEmpty(options.Authority))
                {
                    jwt.Authority = options.Authority;
                }
                else if (options.GetDevSigningKey(environment.IsDevelopment()) is { } devKey)
                {
                    jwt.TokenValidationParameters.ValidIssuer = options.Issuer;
                    jwt.TokenValidationParameters.IssuerSigningKey = devKey;
                    jwt.RequireHttpsMetadata = false;
                }
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(PlatformPolicies.Secretariat, p => p.RequireRole(PlatformRoles.Secretariat))
            .AddPolicy(PlatformPolicies.PartnerOrSecretariat, p => p.RequireAssertion(c =>
                c.User.IsInRole(PlatformRoles.Secretariat)
                || (c.User.IsInRole(PlatformRoles.Partner) && c.User.HasClaim(x => x.Type == PlatformRoles.PartnerIdClaim))));
        return builder;
    }
}

/// <summary>Issues development tokens signed with the dev key (the gateway's <c>/api/auth/dev-token</c>, tests).</summary>
public sealed class DevTokenIssuer(PlatformAuthenticationOptions options, SymmetricSecurityKey key, TimeProvider time)
{
    public (string Token, int ExpiresIn) Issue(string role, string? partnerId, string? subject = null)
    {
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, subject ?? $"dev-{role}{(partnerId is null ? "" : "-" + partnerId)}"),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            new(PlatformRoles.RoleClaim, role),
        };
        if (partnerId is not null)
        {
            claims.Add(new Claim(PlatformRoles.PartnerIdClaim, partnerId));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var token = new JwtSecurityToken(
            options.Issuer,
            options.Audience,
            claims,
            notBefore: now,
            expires: now + options.DevTokenLifetime,
            signingCredentials: new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        return (new JwtSecurityTokenHandler().WriteToken(token), (int)options.DevTokenLifetime.TotalSeconds);
    }
}
