namespace RabatPlatform.Search.Features.Rebuild;

/// <summary>
/// Rebuilding the index without downtime: <c>POST /api/search/rebuild</c> asks every service (an event,
/// <c>search.reindex_requested</c>) to announce its public items again. The index keeps answering
/// meanwhile; each re-announced item refreshes its documents, and when a service says it is done,
/// the documents of its item types that were not refreshed since the rebuild began are dropped
/// (<see cref="SearchReindexCompletedConsumer"/>). Secretariat only.
/// </summary>
public static class RebuildFeature
{
    public static IHostApplicationBuilder AddRebuild(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapRebuild(this IEndpointRouteBuilder app)
    {
        var rebuild = app.MapGroup("/api/search/rebuild").WithTags("Search").RequireAuthorization(PlatformPolicies.Secretariat);
        rebuild.MapPost("/", RebuildEndpoints.StartAsync).WithName("startSearchRebuild");
        rebuild.MapGet("/{id:guid}", RebuildEndpoints.GetAsync);
        return app;
    }
}
