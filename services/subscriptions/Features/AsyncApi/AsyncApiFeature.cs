namespace RabatPlatform.Subscriptions.Features.AsyncApi;

/// <summary>The AsyncAPI document of the platform's events, <c>/api/subscriptions/asyncapi.json</c>.</summary>
public static class AsyncApiFeature
{
    public static IEndpointRouteBuilder MapAsyncApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/subscriptions/asyncapi.json", AsyncApiEndpoints.Get).WithTags("Webhooks").WithName("getAsyncApiDocument")
            .WithSummary("AsyncAPI 3.0 description of every exchange and webhook message")
            .Produces<System.Text.Json.Nodes.JsonObject>(200, "application/json");
        return app;
    }
}
