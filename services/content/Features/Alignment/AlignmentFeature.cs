namespace RabatPlatform.Content.Features.Alignment;

/// <summary>The GCM alignment matrix: a read model of meetings, publications, news and pages, fed by their events.</summary>
public static class AlignmentFeature
{
    // Its consumers are found by assembly scanning: the feature has no services or options of its own.
    public static IHostApplicationBuilder AddAlignment(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapAlignment(this IEndpointRouteBuilder app)
    {
        // Cached by the gateway like every public read, and evicted by alignment.updated, which this service
        // publishes once a change to the matrix is committed (not by the meeting/publication/news events
        // themselves, which may reach the gateway before this service has applied them).
        var alignment = app.MapGroup("/api/content/gcm-alignment").WithTags("GCM alignment");
        alignment.MapGet("/", AlignmentEndpoints.MatrixAsync).WithName("getGcmAlignment");
        alignment.MapGet("/{n}", AlignmentEndpoints.ObjectiveAsync).WithName("getGcmAlignmentObjective");
        return app;
    }
}
