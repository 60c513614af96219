using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence.Inbox;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>
/// Turns one catalogue event into one delivery row per enabled endpoint subscribed to its type, in the
/// same transaction as the inbox row (a redelivered event adds nothing). The dispatcher sends them.
/// </summary>
public sealed class WebhookFanOutConsumer<T>(
    SubscriptionsDbContext db, TimeProvider time, WebhookSignal signal, IOptions<WebhookOptions> options,
    ILogger<WebhookFanOutConsumer<T>> logger)
    : IdempotentConsumer<T, SubscriptionsDbContext>(db, time, logger), IConsumer<T>
    where T : class, IIntegrationEvent
{
    private static readonly string EventType = EventTypes.NameOf(typeof(T));

    protected override string ConsumerName => $"webhooks:{EventType}";

    /// <summary>The base class commits; then the dispatcher is woken so the new rows go out at once.</summary>
    async Task IConsumer<T>.Consume(ConsumeContext<T> context)
    {
        await Consume(context);
        signal.Set();
    }

    protected override async Task HandleAsync(T message, ConsumeContext<T> context)
    {
        var endpoints = await Db.WebhookEndpoints
            .Where(e => e.Enabled && e.EventTypes.Contains(EventType))
            .Select(e => e.Id)
            .ToListAsync(context.CancellationToken);
        if (endpoints.Count == 0)
        {
            return;
        }

        var body = WebhookMessage.Body(message, options.Value.Source);
        var now = Time.GetUtcNow();
        foreach (var endpoint in endpoints)
        {
            Db.WebhookDeliveries.Add(WebhookDelivery.Create(endpoint, message.EventId, EventType, body, now));
        }
    }
}
