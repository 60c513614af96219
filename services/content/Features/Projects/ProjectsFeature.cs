namespace RabatPlatform.Content.Features.Projects;

public static class ProjectsFeature
{
    public static IHostApplicationBuilder AddProjects(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapProjects(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/content/projects").WithTags("Projects");
        projects.MapGet("/", ProjectsEndpoints.ListAsync);
        projects.MapGet("/{id:guid}", ProjectsEndpoints.GetAsync);
        projects.MapPost("/", ProjectsEndpoints.CreateAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        projects.MapPut("/{id:guid}", ProjectsEndpoints.UpdateAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        projects.MapDelete("/{id:guid}", ProjectsEndpoints.DeleteAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        projects.MapPost("/import", ProjectImport.ImportAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        return app;
    }
}
