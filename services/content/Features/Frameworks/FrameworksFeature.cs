namespace RabatPlatform.Content.Features.Frameworks;

public static class FrameworksFeature
{
    public static IHostApplicationBuilder AddFrameworks(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapFrameworks(this IEndpointRouteBuilder app)
    {
        var frameworks = app.MapGroup("/api/content/frameworks").WithTags("Frameworks");
        frameworks.MapGet("/", FrameworksEndpoints.ListFrameworks);
        frameworks.MapGet("/{code}", FrameworksEndpoints.GetFramework);
        var gcm = app.MapGroup("/api/content/gcm-objectives").WithTags("Frameworks");
        gcm.MapGet("/", FrameworksEndpoints.ListObjectives);
        gcm.MapGet("/{n}", FrameworksEndpoints.GetObjective);
        return app;
    }
}
