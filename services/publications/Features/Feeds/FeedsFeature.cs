namespace RabatPlatform.Publications.Features.Feeds;

public static class FeedsFeature
{
    /// <summary>Nothing to register: the feeds read the publications and the service's options.</summary>
    public static IHostApplicationBuilder AddFeeds(this IHostApplicationBuilder builder) => builder;

    /// <summary>The RSS and Atom feeds under <c>/api/publications/feeds</c>, one per language.</summary>
    public static RouteGroupBuilder MapFeeds(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/publications").WithTags("Publications");
        api.MapGet("/feeds/publications.{lang}.rss", FeedsEndpoints.RssAsync).WithTags("Feeds").WithName("getPublicationsRssFeed")
            .WithSummary("RSS 2.0 feed of the published publications in one language").Produces<string>(200, "application/rss+xml");
        api.MapGet("/feeds/publications.{lang}.atom", FeedsEndpoints.AtomAsync).WithTags("Feeds").WithName("getPublicationsAtomFeed")
            .WithSummary("Atom 1.0 feed of the published publications in one language").Produces<string>(200, "application/atom+xml");
        return api;
    }
}
