using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RabatPlatform.Subscriptions.Features.Webhooks;

namespace RabatPlatform.Subscriptions.Features.AsyncApi;

public static class AsyncApiEndpoints
{
    internal static ContentHttpResult Get(IOptions<WebhookOptions> options) =>
        TypedResults.Text(AsyncApiDocument.Build(options.Value).ToJsonString(), "application/json");
}
