using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.ResponseCompression;
using Yarp.ReverseProxy.Model;

namespace RabatPlatform.Gateway.Features.Policies;

/// <summary>Settings of section <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Front-end origins allowed by CORS (none by default).</summary>
    public string[] CorsOrigins { get; set; } = [];

    public RateLimit PublicForms { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Every request, per token (or per client address when anonymous).</summary>
    public RateLimit PerClient { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };

    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether public reads are answered from the output cache (<c>true</c>); <c>false</c> forwards every read
    /// (a diagnosis, or measuring the proxy path alone: <c>bench/gateway.sh</c>).
    /// </summary>
    public bool CacheReads { get; set; } = true;

    /// <summary>
    /// Cookies that make a read personal, so it is neither answered from nor stored in the cache. None by
    /// default: the platform authenticates with bearer tokens (<c>Authorization</c>) and no service reads a
    /// cookie, so an analytics or consent cookie does not change an answer and must not bypass the cache.
    /// </summary>
    public string[] PersonalCookies { get; set; } = [];

    /// <summary>Where the shared state lives when <c>ConnectionStrings:redis</c> is set (see <c>GatewaySharedState</c>).</summary>
    public SharedStateSettings SharedState { get; set; } = new();

    /// <summary>The proxies (a load balancer) trusted to say who the client is (X-Forwarded-For, X-Forwarded-Proto).</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    public sealed class RateLimit
    {
        public int PermitLimit { get; set; }

        public TimeSpan Window { get; set; }
    }

    public sealed class SharedStateSettings
    {
        /// <summary>The start of every Redis key and channel of the gateway (several platforms may share one Redis).</summary>
        public string KeyPrefix { get; set; } = Features.SharedState.GatewayRedis.DefaultPrefix;
    }

    public sealed class ForwardedHeadersSettings
    {
        /// <summary>Addresses of trusted proxies (<c>10.0.0.5</c>), besides loopback.</summary>
        public string[] KnownProxies { get; set; } = [];

        /// <summary>Networks of trusted proxies in CIDR form (<c>10.0.0.0/8</c>), besides loopback.</summary>
        public string[] KnownNetworks { get; set; } = [];

        /// <summary>How many X-Forwarded-For entries are read, right to left: one per trusted proxy in the chain.</summary>
        public int ForwardLimit { get; set; } = 1;
    }
}

/// <summary>
/// The gateway's cross-cutting policies: rate limits (429 with Retry-After), CORS for front ends,
/// request body limits per route (413), compression, security headers, correlation ids and the access log.
/// </summary>
public static partial class GatewayPolicies
{
    public const string CorsPolicy = "front-ends";
    public const string MaxBodySizeKey = "MaxRequestBodySize";
    public const long DefaultMaxRequestBodySize = 1024 * 1024;
    public const string CorrelationHeader = "X-Correlation-Id";

    public static IHostApplicationBuilder AddGatewayPolicies(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        builder.Services.AddSingleton(options);

        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins(options.CorsOrigins)
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders("Retry-After", CorrelationHeader, "ETag", "Content-Disposition", "Location")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));

        builder.Services.AddRateLimiter(limiter =>
        {
            // Shared by every replica through Redis when the gateway has one (SharedRateLimits), per process otherwise.
            limiter.AddPolicy(Routing.RouteRules.PublicForms, http => SharedRateLimits.FixedWindow(
                http, Routing.RouteRules.PublicForms, ClientAddress(http), options.PublicForms));
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/alive")
                    ? RateLimitPartition.GetNoLimiter("probes")
                    : SharedRateLimits.FixedWindow(
                        http, "client", http.User.FindFirstValue("sub") is { } subject ? $"token:{subject}" : $"ip:{ClientAddress(http)}",
                        options.PerClient));
            limiter.OnRejected = RejectAsync;
        });

        builder.Services.AddResponseCompression(compression =>
        {
            compression.EnableForHttps = true;
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
            compression.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(
                ["application/problem+json", "application/rss+xml", "application/atom+xml", "text/calendar", "text/csv"]);
        });

        builder.Services.AddHttpLogging(log =>
        {
            log.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.RequestQuery
                | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            log.CombineLogs = true;
        });

        builder.Services.Configure<ForwardedHeadersOptions>(forwarded => TrustProxies(forwarded, options.ForwardedHeaders));
        return builder;
    }

    /// <summary>
    /// X-Forwarded-For and -Proto are believed only from loopback and the configured proxies and networks
    /// (<c>Gateway:ForwardedHeaders</c>); a bad address stops the start, naming the setting.
    /// </summary>
    private static void TrustProxies(ForwardedHeadersOptions forwarded, GatewayOptions.ForwardedHeadersSettings settings)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        forwarded.ForwardLimit = settings.ForwardLimit;
        foreach (var proxy in settings.KnownProxies)
        {
            forwarded.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"Gateway:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address."));
        }

        foreach (var network in settings.KnownNetworks)
        {
            forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"Gateway:ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR form (10.0.0.0/8)."));
        }
    }

    /// <summary>Security headers and the correlation id, on every answer.</summary>
    public static WebApplication UseGatewayHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var incoming = context.Request.Headers[CorrelationHeader].ToString();
            var correlationId = CorrelationPattern().IsMatch(incoming)
                ? incoming
                : Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
            context.Request.Headers[CorrelationHeader] = correlationId; // forwarded to the service
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers[CorrelationHeader] = correlationId;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Resource-Policy"] = "same-site";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>
    /// Each route's request body limit (1 MB unless the route says more, e.g. uploads): a declared
    /// length over it is a 413 at once, and a streamed body is cut at the limit.
    /// </summary>
    public static WebApplication UseRequestBodyLimits(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>();
            if (route?.Config.Metadata?.TryGetValue(MaxBodySizeKey, out var value) == true
                && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit))
            {
                if (context.Request.ContentLength > limit)
                {
                    var language = RequestLanguage.Resolve(context);
                    await Problems.Create(StatusCodes.Status413PayloadTooLarge, language,
                        ("Requête trop volumineuse", "Request too large"),
                        ($"Le corps de la requête dépasse {limit} octets.", $"The request body exceeds {limit} bytes."))
                        .ExecuteAsync(context);
                    return;
                }

                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                {
                    feature.MaxRequestBodySize = limit;
                }
            }

            await next(context);
        });
        return app;
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var language = RequestLanguage.Resolve(context);
        await Problems.Create(StatusCodes.Status429TooManyRequests, language,
            ("Trop de requêtes", "Too many requests"),
            ($"Réessayez dans {seconds} s.", $"Try again in {seconds} s."))
            .ExecuteAsync(context);
    }

    private static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex CorrelationPattern();
}
