using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every error is an RFC 9457 problem details document carrying the trace id; a malformed request
/// (bad JSON, wrong content type, oversize body) is a 4xx, never a 500.
/// </summary>
public static partial class ProblemDetailsDefaults
{
    public static TBuilder AddPlatformProblemDetails<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions.TryAdd(
                "traceId", Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier);
        });
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        // A parameter or body that fails to bind raises BadHttpRequestException in every environment (the
        // default only does in Development), so it reaches the handler below and is answered the same way.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new NoNulStrings()));
        return builder;
    }

    /// <summary>Exception handler, then status-code pages as problem details (404, 405, 401, 403…).</summary>
    public static WebApplication UsePlatformProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    private sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger)
        : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException bad)
            {
                return false;
            }

            LogBadRequest(bad.StatusCode, bad.Message);
            var language = RequestLanguage.Resolve(context);
            context.Response.StatusCode = bad.StatusCode;
            if (bad.InnerException is JsonException json)
            {
                return await problems.TryWriteAsync(MalformedJson(context, exception, json, language));
            }

            // A query, route or header value that does not parse (?page=abc): the same validation problem as the
            // handlers' own, naming the parameter in the request's language (never the framework's English text).
            if (BindingFailures.Describe(context, bad, language) is { } failure)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await failure.ExecuteAsync(context);
                return true;
            }

            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = bad.StatusCode switch
                    {
                        StatusCodes.Status413PayloadTooLarge => Localized.Pick(language, "Requête trop volumineuse", "Request too large"),
                        StatusCodes.Status415UnsupportedMediaType => Localized.Pick(language, "Type de contenu non pris en charge", "Unsupported media type"),
                        _ => Localized.Pick(language, "Requête invalide", "Bad request"),
                    },
                    Detail = bad.Message,
                },
            });
        }

        /// <summary>
        /// A body that is not JSON, or not the JSON this operation takes: the same bilingual 400 everywhere,
        /// naming the place in the body (<c>errors["translations.fr.title"]</c>, or <c>body</c>).
        /// </summary>
        private static ProblemDetailsContext MalformedJson(HttpContext context, Exception exception, JsonException json, string language)
        {
            var field = json.Path is null or "$" ? "body" : json.Path.TrimStart('$', '.');
            return new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = Localized.Pick(language, "JSON invalide", "Malformed JSON"),
                    Detail = Localized.Pick(language,
                        "Le corps de la requête n'est pas un JSON valide pour cette opération.",
                        "The request body is not valid JSON for this operation."),
                    Extensions =
                    {
                        ["errors"] = new Dictionary<string, string[]>
                        {
                            [field] = [Localized.Pick(language, "Valeur ou syntaxe JSON invalide à cet endroit.", "Invalid JSON value or syntax here.")],
                        },
                    },
                },
            };
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "Bad request ({StatusCode}): {Reason}")]
        private partial void LogBadRequest(int statusCode, string reason);
    }
}
