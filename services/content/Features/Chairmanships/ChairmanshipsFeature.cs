namespace RabatPlatform.Content.Features.Chairmanships;

/// <summary>The chairmanship history: which partner chairs the dialogue, and when.</summary>
public static class ChairmanshipsFeature
{
    // Writes lock their table in ChairmanshipsWorkflow: the feature has no services or options of its own.
    public static IHostApplicationBuilder AddChairmanships(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapChairmanships(this IEndpointRouteBuilder app)
    {
        var chairs = app.MapGroup("/api/content/chairmanships").WithTags("Chairmanships");
        chairs.MapGet("/", ChairmanshipsEndpoints.ListAsync);
        chairs.MapGet("/current", ChairmanshipsEndpoints.CurrentAsync).WithName("getCurrentChairmanship");
        chairs.MapPost("/", ChairmanshipsEndpoints.CreateAsync).RequireAuthorization(PlatformPolicies.Secretariat).ProducesProblem(StatusCodes.Status409Conflict);
        chairs.MapPut("/{id:guid}", ChairmanshipsEndpoints.UpdateAsync).RequireAuthorization(PlatformPolicies.Secretariat).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }
}
