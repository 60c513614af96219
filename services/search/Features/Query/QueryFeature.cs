namespace RabatPlatform.Search.Features.Query;

/// <summary>
/// Full-text search over the index: <c>GET /api/search?q=&amp;lang=&amp;type=&amp;year=&amp;theme=&amp;country=&amp;language=&amp;page=&amp;pageSize=</c>
/// and search-as-you-type, <c>GET /api/search/suggest?q=&amp;lang=</c>. Public.
/// </summary>
public static class QueryFeature
{
    public static IHostApplicationBuilder AddQuery(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapQuery(this IEndpointRouteBuilder app)
    {
        var search = app.MapGroup("/api/search").WithTags("Search");
        search.MapGet("/", QueryEndpoints.SearchAsync).WithName("search").WithSummary("Full-text search over every public item, with facets");
        search.MapGet("/suggest", QueryEndpoints.SuggestAsync).WithName("suggestTitles").WithSummary("Title completions for search-as-you-type");
        return app;
    }
}
