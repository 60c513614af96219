namespace RabatPlatform.Content.Features.Frameworks;

/// <summary>Strategic frameworks and the GCM objectives: fixed catalogues served read-only.</summary>
public static class FrameworksFeature
{
    // The catalogues are static data: the feature has no services or options of its own.
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
