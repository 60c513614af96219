namespace RabatPlatform.Content.Features.Projects;

/// <summary>The technical assistance project inventory: the Secretariat's edits and CSV imports.</summary>
public static class ProjectsFeature
{
    // The import's limits are constants (ProjectsCsvValidator): the feature has no services or options of its own.
    public static IHostApplicationBuilder AddProjects(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapProjects(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/content/projects").WithTags("Projects");
        projects.MapGet("/", ProjectsEndpoints.ListAsync);
        projects.MapGet("/{id:guid}", ProjectsEndpoints.GetAsync);
        projects.MapPost("/", ProjectsEndpoints.CreateAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        projects.MapPut("/{id:guid}", ProjectsEndpoints.UpdateAsync).RequireAuthorization(PlatformPolicies.Secretariat).ProducesProblem(StatusCodes.Status409Conflict);
        projects.MapDelete("/{id:guid}", ProjectsEndpoints.DeleteAsync).RequireAuthorization(PlatformPolicies.Secretariat).ProducesProblem(StatusCodes.Status409Conflict);
        projects.MapPost("/import", ProjectsEndpoints.ImportAsync).RequireAuthorization(PlatformPolicies.Secretariat)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }
}
