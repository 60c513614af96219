using MassTransit;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

public static class WebhooksSetup
{
    /// <summary>The webhook services: options, SSRF policy, sender and dispatcher.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.Timeout > TimeSpan.Zero && o.MaxConcurrency > 0 && o.PollInterval > TimeSpan.Zero,
                "Webhooks: Timeout, PollInterval and MaxConcurrency must be positive.");
        services.AddSingleton<WebhookTargetPolicy>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookSecretProtector>();
        services.AddHostedService<WebhookSecretReprotection>();
        services.AddHostedService<WebhookDispatcher>();
        return services;
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
