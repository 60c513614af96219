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
        api.MapGet("/{slug}", PublicationsEndpoints.GetBySlugAsync);
        api.MapGet("/{slug}/stats", PublicationsEndpoints.StatsAsync);
        api.MapGet("/{slug}/cite", PublicationsEndpoints.CiteAsync);
        api.MapPost("/", PublicationsEndpoints.CreateAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        api.MapPut("/{id:guid}", PublicationsEndpoints.UpdateAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        api.MapPost("/{id:guid}/publish", PublicationsEndpoints.PublishAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        api.MapPost("/{id:guid}/withdraw", PublicationsEndpoints.WithdrawAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        return api;
    }
}
