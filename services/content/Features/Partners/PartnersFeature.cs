namespace RabatPlatform.Content.Features.Partners;

/// <summary>The partner directory: the countries and organisations of the dialogue.</summary>
public static class PartnersFeature
{
    // The directory is plain reads and writes: the feature has no services or options of its own.
    public static IHostApplicationBuilder AddPartners(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapPartners(this IEndpointRouteBuilder app)
    {
        var partners = app.MapGroup("/api/content/partners").WithTags("Partners");
        partners.MapGet("/", PartnersEndpoints.ListAsync);
        partners.MapGet("/{code}", PartnersEndpoints.GetAsync);
        partners.MapPost("/", PartnersEndpoints.CreateAsync).RequireAuthorization(PlatformPolicies.Secretariat).ProducesProblem(StatusCodes.Status409Conflict);
        partners.MapPut("/{code}", PartnersEndpoints.UpdateAsync).RequireAuthorization(PlatformPolicies.Secretariat).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }
}
