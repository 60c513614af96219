using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Writes a health report as JSON: the overall status and, for operators, each check with its status, description
/// and duration. Anonymous callers get <c>{"status":"Healthy"}</c> alone.
/// </summary>
public static class HealthResponseWriter
{
    /// <summary>The whole report (<c>/alive</c>: its one check, <c>self</c>).</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report) =>
        WriteAsync(context, report, report.Status, details: true);

    public static Task WriteAsync(HttpContext context, HealthReport report, HealthStatus status, bool details)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        object body = !details ? new { status = status.ToString() } : new
        {
            status = status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString(),
                    // Descriptions only: exception messages (host names, addresses) stay in the logs.
                    description = e.Value.Description ?? e.Value.Exception?.GetType().Name,
                    durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, body.GetType(), JsonSerializerOptions.Web, context.RequestAborted);
    }
}
