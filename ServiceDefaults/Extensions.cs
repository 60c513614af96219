using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The platform's service defaults, after the .NET Aspire template: OpenTelemetry, health checks,
/// service discovery, resilient HTTP clients, problem details and authentication.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// The activity sources and meters every process exports: MassTransit's, and every one the platform
    /// creates — all named <c>RabatPlatform.*</c> (the outbox and inbox, each service's own, its jobs).
    /// Npgsql, ASP.NET Core, HttpClient and the runtime come from their instrumentation packages.
    /// </summary>
    public static readonly string[] TelemetrySources = ["MassTransit", "RabatPlatform.*"];

    /// <summary>Where ASP.NET Core's health check service logs each check's result (Degraded at Warning, Unhealthy at Error).</summary>
    private const string HealthCheckLogCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    private const string HealthPath = "/health";
    private const string AlivePath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        // Secrets in query strings (?token=…) never reach a log or a span (see SecretRedaction).
        builder.Services.AddHttpLoggingInterceptor<RedactingHttpLoggingInterceptor>();
        foreach (var category in SecretRedaction.RawUrlLogCategories)
        {
            builder.Logging.AddFilter(category, LogLevel.Warning);
        }

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        // Long query strings (a 10 KB search text) reach validation and get a 400, not a bare 414.
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestLineSize = 32 * 1024);

        builder.AddPlatformProblemDetails();
        builder.AddPlatformAuthentication();

        // Each service's OpenAPI 3.1 document (MapServiceOpenApi); the gateway lists them all at /docs.
        // Security, problem answers, operationIds and summaries by convention (OpenApiConventions).
        builder.Services.AddOpenApi(openApi => openApi.AddPlatformConventions(
            $"RabatPlatform — {builder.Environment.ApplicationName.Replace("RabatPlatform.", "", StringComparison.Ordinal)}"));
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(TelemetrySources))
            .WithTracing(tracing => tracing
                .AddProcessor(new RedactingSpanProcessor())
                .AddSource(TelemetrySources)
                .AddAspNetCoreInstrumentation(aspnet =>
                    aspnet.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthPath)
                        && !context.Request.Path.StartsWithSegments(AlivePath))
                .AddHttpClientInstrumentation()
                .AddNpgsql());

        // OTLP export when an endpoint is configured (the Aspire dashboard, a collector, Jaeger…).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        StartupHealth.Register(builder.Services);
        HealthReadiness.Register(builder.Services);
        // Unhealthy results are logged (Error); Degraded ones — a dependency still starting — are not (Warning).
        builder.Logging.AddFilter(HealthCheckLogCategory, LogLevel.Error);
        return builder;
    }

    /// <summary>
    /// The request pipeline every service shares, in one call: problem details for every error, the
    /// request's language, authentication and authorization, <c>/alive</c> and <c>/health</c>, and the
    /// OpenAPI document. A service's <c>Program.cs</c> then only maps its features.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UsePlatformProblemDetails();
        app.UseRequestLanguage();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapServiceOpenApi();
        return app;
    }

    /// <summary>The service's OpenAPI document at <c>/openapi/v1.json</c> (served through the gateway as <c>/openapi/{service}.json</c>).</summary>
    public static WebApplication MapServiceOpenApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        return app;
    }

    /// <summary>
    /// <c>/alive</c>: the process answers. <c>/health</c>: ready, i.e. it can serve (<see cref="HealthReadiness"/>):
    /// 200 Healthy or Degraded (the broker away; at the gateway, some services down), 503 Unhealthy (its database
    /// down) or while a dependency is still starting (<see cref="StartupHealth"/>). One evaluation answers every
    /// probe for <c>Health:CacheDuration</c>; operators see each check, anonymous callers the status alone.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // The start-up grace of the "startup" checks counts from here, not from the first probe.
        app.Services.GetRequiredService<StartupHealth>();

        // Probes are polled all the time (the AppHost, an orchestrator, the gateway's aggregate), often with a
        // traceparent: their request span is filtered out, and nothing they do (database checks, the gateway's
        // calls to each service) may become a trace of its own either.
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(HealthPath) && !context.Request.Path.StartsWithSegments(AlivePath))
            {
                await next(context);
                return;
            }

            System.Diagnostics.Activity.Current = null;
            using (SuppressInstrumentationScope.Begin())
            {
                await next(context);
            }
        });
        var networks = app.Services.GetRequiredService<IOptions<HealthOptions>>().Value.Networks();
        app.MapGet(HealthPath, async (HttpContext context, HealthReportCache cache) =>
        {
            var report = await cache.GetAsync().WaitAsync(context.RequestAborted);
            var status = HealthReadiness.Status(report);
            context.Response.StatusCode = HealthReadiness.IsReady(report, status)
                ? StatusCodes.Status200OK
                : StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.CacheControl = "no-store, no-cache";
            await HealthResponseWriter.WriteAsync(context, report, status, HealthReadiness.SeesDetails(context, networks));
        })
            .AllowAnonymous()
            .DisableHttpMetrics()
            .ExcludeFromDescription();
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("live"),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).AllowAnonymous().DisableHttpMetrics();
        return app;
    }
}
