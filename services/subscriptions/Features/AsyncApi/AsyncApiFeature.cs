namespace RabatPlatform.Subscriptions.Features.AsyncApi;

/// <summary>The AsyncAPI document of the platform's events, <c>/api/subscriptions/asyncapi.json</c>.</summary>
public static class AsyncApiFeature
{
    public static IEndpointRouteBuilder MapAsyncApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/subscriptions/asyncapi.json", AsyncApiEndpoints.Get).WithTags("Webhooks");
        return app;
    }
}
