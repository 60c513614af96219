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
        MapKind(app.MapGroup("/api/content/news"), EditorialKind.News, "News", "News");
        MapKind(app.MapGroup("/api/content/pages"), EditorialKind.Page, "Pages", "Page");

        var feeds = app.MapGroup("/api/content").WithTags("Feeds");
        feeds.MapGet("/feeds/news.{lang}.rss", EditorialFeedsEndpoints.RssAsync).WithName("getNewsRssFeed")
            .WithSummary("RSS 2.0 feed of the published news in one language").Produces<string>(200, "application/rss+xml");
        feeds.MapGet("/feeds/news.{lang}.atom", EditorialFeedsEndpoints.AtomAsync).WithName("getNewsAtomFeed")
            .WithSummary("Atom 1.0 feed of the published news in one language").Produces<string>(200, "application/atom+xml");
        feeds.MapGet("/sitemap.xml", EditorialFeedsEndpoints.SitemapAsync).WithName("getSitemap")
            .WithSummary("Sitemap of every published news item and page, with hreflang alternates").Produces<string>(200, "application/xml");
        return app;
    }

    /// <summary>
    /// One kind's routes. An item is addressed by id (<c>/{id}</c>, the Secretariat's) or by slug
    /// (<c>/by-slug/{slug}</c>, public); the older <c>/{slug}</c> still answers, left out of the OpenAPI document.
    /// </summary>
    private static void MapKind(RouteGroupBuilder group, EditorialKind kind, string tag, string one)
    {
        group.WithTags(tag).WithMetadata(new EditorialRoute(kind));
        var secretariat = group.MapGroup("").RequireAuthorization(PlatformPolicies.Secretariat);

        group.MapGet("/", EditorialReadEndpoints.ListAsync).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/preview", EditorialPreviewEndpoints.PreviewAsync).WithName($"get{one}Preview")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        group.MapGet("/by-slug/{slug}", EditorialReadEndpoints.GetBySlugAsync);
        group.MapGet("/{slug}", EditorialReadEndpoints.GetBySlugAsync).ExcludeFromDescription();

        secretariat.MapGet("/{id:guid}", EditorialReadEndpoints.GetByIdAsync);
        secretariat.MapPost("/", EditorialWriteEndpoints.CreateAsync).Accepts<EditorialWriteRequest>("application/json").ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapPut("/{id:guid}", EditorialWriteEndpoints.UpdateAsync).Accepts<EditorialWriteRequest>("application/json").ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapPost("/{id:guid}/schedule", EditorialPublishingEndpoints.ScheduleAsync).Accepts<ScheduleRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapPost("/{id:guid}/publish", EditorialPublishingEndpoints.PublishAsync).ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapPost("/{id:guid}/unpublish", EditorialPublishingEndpoints.UnpublishAsync).ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapPost("/{id:guid}/archive", EditorialPublishingEndpoints.ArchiveAsync).ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapPost("/{id:guid}/preview-token", EditorialPreviewEndpoints.PreviewTokenAsync).WithName($"create{one}PreviewToken")
            .ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapGet("/{id:guid}/revisions", EditorialRevisionsEndpoints.RevisionsAsync);
        secretariat.MapPost("/{id:guid}/revisions/{number:int}/restore", EditorialRevisionsEndpoints.RestoreAsync).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
