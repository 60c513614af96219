using System.Diagnostics;
using Microsoft.AspNetCore.HttpLogging;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Secrets travel in some query strings — newsletter links (<c>?token=</c>, valid two years), editorial previews,
/// signatures, keys, OAuth codes — and must never reach a log or a span. Every process (ServiceDefaults) keeps the
/// parameter's name and replaces its value with <see cref="Redacted"/>: in the HTTP access log
/// (<see cref="RedactingHttpLoggingInterceptor"/>) and in every span's URL attributes (<see cref="RedactingSpanProcessor"/>).
/// </summary>
public static class SecretRedaction
{
    public const string Redacted = "REDACTED";

    /// <summary>The span attributes that may hold a URL or its query (current and older semantic conventions).</summary>
    public static readonly string[] UrlAttributes = ["url.query", "url.full", "url.original", "http.url", "http.target"];

    /// <summary>
    /// Categories whose Information lines print raw request URLs (ASP.NET Core's "Request starting/finished", YARP's
    /// "Proxying to"): held at Warning; the redacted access log stands in for them.
    /// </summary>
    public static readonly string[] RawUrlLogCategories = ["Microsoft.AspNetCore.Hosting.Diagnostics", "Yarp.ReverseProxy.Forwarder.HttpForwarder"];

    private static readonly string[] SecretParts = ["token", "secret", "signature", "password", "passwd"];
    private static readonly string[] SecretNames = ["key", "code", "sig", "apikey", "api_key", "access_key", "auth"];

    /// <summary>Whether a query parameter of that name carries a secret (<c>token</c>, <c>*token*</c>, <c>signature</c>, <c>key</c>, <c>secret</c>, <c>code</c>…).</summary>
    public static bool IsSecret(string name)
    {
        var plain = Uri.UnescapeDataString(name.Replace('+', ' ')).Trim();
        return SecretParts.Any(part => plain.Contains(part, StringComparison.OrdinalIgnoreCase))
            || SecretNames.Any(known => plain.Equals(known, StringComparison.OrdinalIgnoreCase))
            || plain.EndsWith("_key", StringComparison.OrdinalIgnoreCase)
            || plain.EndsWith("-key", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A query string (with or without its <c>?</c>) with every secret parameter's value redacted.</summary>
    public static string RedactQuery(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return query ?? "";
        }

        var prefix = query[0] == '?' ? "?" : "";
        var parts = query[prefix.Length..].Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? parts[i] : parts[i][..equals];
            if (IsSecret(name))
            {
                parts[i] = $"{name}={Redacted}";
            }
        }

        return prefix + string.Join('&', parts);
    }

    /// <summary>A URL (absolute or a path and query) with the secrets of its query redacted (a fragment, never sent, is dropped).</summary>
    public static string RedactUrl(string url)
    {
        var question = url.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return url;
        }

        var hash = url.IndexOf('#', question);
        var query = hash < 0 ? url[question..] : url[question..hash];
        return url[..question] + RedactQuery(query);
    }
}

/// <summary>The HTTP access log (<c>UseHttpLogging</c>) writes the query string with its secrets redacted.</summary>
public sealed class RedactingHttpLoggingInterceptor : IHttpLoggingInterceptor
{
    public ValueTask OnRequestAsync(HttpLoggingInterceptorContext logContext)
    {
        if (logContext.TryDisable(HttpLoggingFields.RequestQuery))
        {
            logContext.AddParameter("QueryString", SecretRedaction.RedactQuery(logContext.HttpContext.Request.QueryString.Value));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnResponseAsync(HttpLoggingInterceptorContext logContext) => ValueTask.CompletedTask;
}

/// <summary>
/// Redacts the secrets in every span's URL attributes (<see cref="SecretRedaction.UrlAttributes"/>) — ASP.NET Core's
/// server spans, HttpClient's and YARP's client spans, any other source — when the span starts and when it ends,
/// before any exporter sees it.
/// </summary>
public sealed class RedactingSpanProcessor : BaseProcessor<Activity>
{
    public override void OnStart(Activity data) => Redact(data);

    public override void OnEnd(Activity data) => Redact(data);

    public static void Redact(Activity activity)
    {
        foreach (var attribute in SecretRedaction.UrlAttributes)
        {
            if (activity.GetTagItem(attribute) is not string current)
            {
                continue;
            }

            var redacted = attribute == "url.query" ? SecretRedaction.RedactQuery(current) : SecretRedaction.RedactUrl(current);
            if (!string.Equals(redacted, current, StringComparison.Ordinal))
            {
                activity.SetTag(attribute, redacted);
            }
        }
    }
}
