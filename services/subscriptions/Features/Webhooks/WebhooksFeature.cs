using MassTransit;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>
/// Webhooks: partners' endpoints (Secretariat) under <c>/api/subscriptions/webhooks</c>, the public catalogue
/// <c>/api/subscriptions/event-types</c>, and the signed deliveries of every catalogue event.
/// </summary>
public static class WebhooksFeature
{
    /// <summary>The webhook services: options, SSRF policy, sender and dispatcher.</summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.Timeout > TimeSpan.Zero && o.MaxConcurrency > 0 && o.PollInterval > TimeSpan.Zero,
                "Webhooks: Timeout, PollInterval and MaxConcurrency must be positive.");
        services.AddSingleton<WebhookTargetPolicy>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookSecretProtector>();
        services.AddHostedService<WebhookSecretReprotection>();
        services.AddHostedService<WebhookDispatcher>();
        return builder;
    }

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/subscriptions/event-types", WebhooksEndpoints.ListEventTypes).WithTags("Webhooks").WithName("listEventTypes");

        var webhooks = app.MapGroup("/api/subscriptions/webhooks").WithTags("Webhooks").RequireAuthorization(PlatformPolicies.Secretariat);
        webhooks.MapPost("/", WebhooksEndpoints.CreateAsync);
        webhooks.MapGet("/", WebhooksEndpoints.ListAsync);
        webhooks.MapGet("/{id:guid}", WebhooksEndpoints.GetAsync);
        webhooks.MapPut("/{id:guid}", WebhooksEndpoints.UpdateAsync);
        webhooks.MapDelete("/{id:guid}", WebhooksEndpoints.DeleteAsync);
        webhooks.MapPost("/{id:guid}/rotate-secret", WebhooksEndpoints.RotateSecretAsync);
        webhooks.MapGet("/{id:guid}/deliveries", WebhooksEndpoints.ListDeliveriesAsync);
        webhooks.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/replay", WebhooksEndpoints.ReplayAsync).ProducesProblem(StatusCodes.Status409Conflict);
        webhooks.MapPost("/{id:guid}/recover", WebhooksEndpoints.RecoverAsync).WithName("recoverWebhookDeliveries").ProducesProblem(StatusCodes.Status409Conflict);
        webhooks.MapPost("/{id:guid}/test", WebhooksEndpoints.TestAsync).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>
    /// One fan-out consumer per catalogue event type (except <c>webhook.test</c>), all on the queue
    /// <c>subscriptions-webhooks</c>, bound to each type's exchange.
    /// </summary>
    public static IBusRegistrationConfigurator AddWebhookConsumers(this IBusRegistrationConfigurator bus)
    {
        foreach (var type in WebhookCatalogue.FannedOut)
        {
            bus.AddConsumer(typeof(WebhookFanOutConsumer<>).MakeGenericType(type))
                .Endpoint(endpoint => endpoint.Name = "subscriptions-webhooks");
        }

        return bus;
    }
}
