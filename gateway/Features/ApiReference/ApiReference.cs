using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using RabatPlatform.Contracts;
using Scalar.AspNetCore;

namespace RabatPlatform.Gateway.Features.ApiReference;

/// <summary>
/// One API reference for the platform: <c>GET /openapi/{service}.json</c> serves each service's OpenAPI
/// document (fetched from the service, its server set to the gateway: the paths are already the
/// gateway's), and <c>/docs</c> browses them all (Scalar, served from the gateway itself under a
/// strict Content-Security-Policy with a per-request nonce).
/// </summary>
public static class ApiReference
{
    public const string ClientName = "openapi";

    public static IHostApplicationBuilder AddApiReference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(ClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        return builder;
    }

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapGet("/openapi/{service}.json", GetDocumentAsync).AllowAnonymous().ExcludeFromDescription();

        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/docs"))
            {
                context.Response.OnStarting(() =>
                {
                    var nonce = context.Items[ScalarOptions.NonceHttpContextItemKey] as string;
                    context.Response.Headers.ContentSecurityPolicy =
                        "default-src 'none'; "
                        + $"script-src 'self'{(nonce is null ? "" : $" 'nonce-{nonce}'")}; "
                        + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
                        + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
                    return Task.CompletedTask;
                });
            }

            await next(context);
        });

        app.MapScalarApiReference("/docs", options => options
            .WithTitle("RabatPlatform API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddDocuments(ResourceNames.Services)
            .DisableDefaultFonts()
            .WithNonce()).AllowAnonymous();
        return app;
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetDocumentAsync(
        HttpContext http, string service, IHttpClientFactory clients, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        if (!ResourceNames.Services.Contains(service))
        {
            return Problems.NotFound(language, ("Document inconnu", "Unknown document"),
                ($"Les documents sont : {string.Join(", ", ResourceNames.Services)}.", $"The documents are: {string.Join(", ", ResourceNames.Services)}."));
        }

        try
        {
            using var client = clients.CreateClient(ClientName);
            var document = JsonNode.Parse(await client.GetStringAsync($"http://{service}/openapi/v1.json", cancellationToken))!.AsObject();
            document["servers"] = new JsonArray(new JsonObject { ["url"] = "/", ["description"] = "RabatPlatform gateway" });
            return TypedResults.Content(document.ToJsonString(), "application/json; charset=utf-8");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return Problems.Create(StatusCodes.Status502BadGateway, language,
                ("Service indisponible", "Service unavailable"),
                ($"Le document de « {service} » n'a pas pu être lu.", $"The document of '{service}' could not be read."));
        }
    }
}
