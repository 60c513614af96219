using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
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

        [LoggerMessage(Level = LogLevel.Information, Message = "Bad request ({StatusCode}): {Reason}")]
        private partial void LogBadRequest(int statusCode, string reason);
    }
}
