namespace RabatPlatform.Content.Features.Alignment;

public static class AlignmentFeature
{
    public static IHostApplicationBuilder AddAlignment(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapAlignment(this IEndpointRouteBuilder app)
    {
        // Cached by the gateway like every public read, and evicted by alignment.updated, which this service
        // publishes once a change to the matrix is committed (not by the meeting/publication/news events
        // themselves, which may reach the gateway before this service has applied them).
        var alignment = app.MapGroup("/api/content/gcm-alignment").WithTags("GCM alignment");
        alignment.MapGet("/", AlignmentEndpoints.MatrixAsync);
        alignment.MapGet("/{n}", AlignmentEndpoints.ObjectiveAsync);
        return app;
    }
}
