namespace RabatPlatform.Publications.Features.Publications;

public static class PublicationsFeature
{
    /// <summary>The service's options (<c>Publications:*</c>).</summary>
    public static IHostApplicationBuilder AddPublications(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<PublicationsOptions>(builder.Configuration.GetSection(PublicationsOptions.Section));
        return builder;
    }

    /// <summary>The publications themselves under <c>/api/publications</c> (files and feeds map their own routes there).</summary>
    public static RouteGroupBuilder MapPublications(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/publications").WithTags("Publications");
        api.MapGet("/", PublicationsEndpoints.ListAsync);
        // By slug for the public (/by-slug/{slug}); the older /{slug} still answers, left out of the OpenAPI document.
        api.MapGet("/by-slug/{slug}", PublicationsEndpoints.GetBySlugAsync).ProducesProblem(StatusCodes.Status410Gone);
        api.MapGet("/{slug}", PublicationsEndpoints.GetBySlugAsync).ExcludeFromDescription();
        api.MapGet("/{slug}/stats", PublicationsEndpoints.StatsAsync);
        api.MapGet("/{slug}/cite", PublicationsEndpoints.CiteAsync).WithName("citePublication")
            .WithSummary("Citation of a publication in BibTeX (format=bibtex) or CSL-JSON (format=csl-json)")
            .Produces<string>(200, "application/x-bibtex", "application/vnd.citationstyles.csl+json");
        api.MapPost("/", PublicationsEndpoints.CreateAsync).RequireAuthorization(PlatformPolicies.Secretariat).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/{id:guid}", PublicationsEndpoints.UpdateAsync).RequireAuthorization(PlatformPolicies.Secretariat).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:guid}/publish", PublicationsEndpoints.PublishAsync).RequireAuthorization(PlatformPolicies.Secretariat)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("/{id:guid}/withdraw", PublicationsEndpoints.WithdrawAsync).RequireAuthorization(PlatformPolicies.Secretariat)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }
}
