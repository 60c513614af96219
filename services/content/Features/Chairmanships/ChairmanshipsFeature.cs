namespace RabatPlatform.Content.Features.Chairmanships;

public static class ChairmanshipsFeature
{
    public static IHostApplicationBuilder AddChairmanships(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapChairmanships(this IEndpointRouteBuilder app)
    {
        var chairs = app.MapGroup("/api/content/chairmanships").WithTags("Chairmanships");
        chairs.MapGet("/", ChairmanshipsEndpoints.ListAsync);
        chairs.MapGet("/current", ChairmanshipsEndpoints.CurrentAsync);
        chairs.MapPost("/", ChairmanshipsEndpoints.CreateAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        chairs.MapPut("/{id:guid}", ChairmanshipsEndpoints.UpdateAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        return app;
    }
}
