using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RabatPlatform.Gateway.Features.DevTokens;

public sealed record DevTokenRequest(string? Role, string? PartnerId);

public sealed record DevTokenResponse(string AccessToken, int ExpiresIn, string TokenType = "Bearer");

/// <summary>
/// <c>POST /api/auth/dev-token</c>: tokens for local runs and tests, signed with the development key.
/// The route exists only in Development; production takes tokens from an OpenID Connect provider.
/// </summary>
public static partial class DevTokenApi
{
    public static IHostApplicationBuilder AddDevTokens(this IHostApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddSingleton(sp =>
            {
                var options = sp.GetRequiredService<PlatformAuthenticationOptions>();
                return new DevTokenIssuer(options, options.GetDevSigningKey(isDevelopment: true)!, TimeProvider.System);
            });
        }

        return builder;
    }

    public static WebApplication MapDevTokens(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapPost("/api/auth/dev-token", Issue).AllowAnonymous().WithTags("Development");
        }

        return app;
    }

    internal static Results<Ok<DevTokenResponse>, ValidationProblem> Issue(HttpContext http, DevTokenRequest? request, DevTokenIssuer issuer)
    {
        var errors = new ValidationErrors(RequestLanguage.Resolve(http));
        var role = request?.Role;
        var partnerId = string.IsNullOrWhiteSpace(request?.PartnerId) ? null : request.PartnerId.Trim();
        if (role is not (PlatformRoles.Secretariat or PlatformRoles.Partner))
        {
            errors.Add("role", "Le rôle doit être « secretariat » ou « partner ».", "The role must be 'secretariat' or 'partner'.");
        }

        if (role == PlatformRoles.Partner && partnerId is null)
        {
            errors.Add("partnerId", "Un partenaire doit avoir un identifiant (par ex. « MA »).", "A partner needs a partner id (e.g. 'MA').");
        }

        if (partnerId is not null && !PartnerIdPattern().IsMatch(partnerId))
        {
            errors.Add("partnerId",
                "L'identifiant de partenaire compte 2 à 20 lettres majuscules, chiffres ou tirets.",
                "The partner id has 2 to 20 upper-case letters, digits or hyphens.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var (token, expiresIn) = issuer.Issue(role!, partnerId);
        return TypedResults.Ok(new DevTokenResponse(token, expiresIn));
    }

    [GeneratedRegex("^[A-Z0-9-]{2,20}$")]
    private static partial Regex PartnerIdPattern();
}
