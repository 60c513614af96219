using Ganss.Xss;

namespace RabatPlatform.Content.Features.Editorial;

public static class EditorialFeature
{
    /// <summary>News and pages: options (section <c>Content</c>), HTML rendering, preview tokens, the scheduler.</summary>
    public static IHostApplicationBuilder AddEditorial(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EditorialOptions>().BindConfiguration(EditorialOptions.Section)
            .Validate(o => o.Scheduler.Interval > TimeSpan.Zero, "Content:Scheduler:Interval must be positive.")
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), "Content:PublicBaseUrl must be an absolute URL.")
            .Validate<IHostEnvironment>(
                (o, environment) => environment.IsDevelopment()
                    || (o.Preview.Key is { Length: >= 32 } key && key != EditorialOptions.DevelopmentPreviewKey),
                "Content:Preview:Key (at least 32 characters, not the published development key) is required outside Development.")
            .ValidateOnStart();
        services.AddSingleton<IHtmlSanitizer>(_ => new HtmlSanitizer());
        services.AddSingleton<EditorialHtml>();
        services.AddSingleton<PreviewTokens>();
        services.AddHostedService<EditorialScheduler>();
        return builder;
    }

    /// <summary>The same family of endpoints for each kind (<c>/api/content/news…</c>, <c>/api/content/pages…</c>), the feeds and the sitemap.</summary>
    public static IEndpointRouteBuilder MapEditorial(this IEndpointRouteBuilder app)
    {
        MapKind(app.MapGroup("/api/content/news"), EditorialKind.News, "News");
        MapKind(app.MapGroup("/api/content/pages"), EditorialKind.Page, "Pages");

        var feeds = app.MapGroup("/api/content").WithTags("Feeds");
        feeds.MapGet("/feeds/news.{lang}.rss", EditorialFeedsEndpoints.RssAsync).Produces(200, contentType: "application/rss+xml");
        feeds.MapGet("/feeds/news.{lang}.atom", EditorialFeedsEndpoints.AtomAsync).Produces(200, contentType: "application/atom+xml");
        feeds.MapGet("/sitemap.xml", EditorialFeedsEndpoints.SitemapAsync).Produces(200, contentType: "application/xml");
        return app;
    }

    private static void MapKind(RouteGroupBuilder group, EditorialKind kind, string tag)
    {
        group.WithTags(tag).WithMetadata(new EditorialRoute(kind));
        var secretariat = group.MapGroup("").RequireAuthorization(PlatformPolicies.Secretariat);

        group.MapGet("/", EditorialReadEndpoints.ListAsync);
        group.MapGet("/preview", EditorialPreviewEndpoints.PreviewAsync);
        group.MapGet("/{slug}", EditorialReadEndpoints.GetBySlugAsync);

        secretariat.MapGet("/{id:guid}", EditorialReadEndpoints.GetByIdAsync);
        secretariat.MapPost("/", EditorialWriteEndpoints.CreateAsync).Accepts<EditorialWriteRequest>("application/json");
        secretariat.MapPut("/{id:guid}", EditorialWriteEndpoints.UpdateAsync).Accepts<EditorialWriteRequest>("application/json");
        secretariat.MapPost("/{id:guid}/schedule", EditorialPublishingEndpoints.ScheduleAsync).Accepts<ScheduleRequest>("application/json");
        secretariat.MapPost("/{id:guid}/publish", EditorialPublishingEndpoints.PublishAsync);
        secretariat.MapPost("/{id:guid}/unpublish", EditorialPublishingEndpoints.UnpublishAsync);
        secretariat.MapPost("/{id:guid}/archive", EditorialPublishingEndpoints.ArchiveAsync);
        secretariat.MapPost("/{id:guid}/preview-token", EditorialPreviewEndpoints.PreviewTokenAsync);
        secretariat.MapGet("/{id:guid}/revisions", EditorialRevisionsEndpoints.RevisionsAsync);
        secretariat.MapPost("/{id:guid}/revisions/{number:int}/restore", EditorialRevisionsEndpoints.RestoreAsync);
    }
}
