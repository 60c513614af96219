using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>
/// Turns one catalogue event into one delivery row per enabled endpoint subscribed to its type, in the
/// same transaction as the inbox row (a redelivered event adds nothing). The dispatcher sends them; it is
/// woken once the rows have committed.
/// </summary>
public sealed class WebhookFanOutConsumer<T>(
    SubscriptionsDbContext db, TimeProvider time, WebhookSignal signal, IOptions<WebhookOptions> options)
    : IConsumer<T>
    where T : class, IIntegrationEvent
{
    private static readonly string EventType = EventTypes.NameOf(typeof(T));

    public async Task Consume(ConsumeContext<T> context)
    {
        var endpoints = await db.WebhookEndpoints
            .Where(e => e.Enabled && e.EventTypes.Contains(EventType))
            .Select(e => e.Id)
            .ToListAsync(context.CancellationToken);
        db.OnCommitted(signal.Set);
        if (endpoints.Count == 0)
        {
            return;
        }

        var body = WebhookMessage.Body(context.Message, options.Value.Source);
        var now = time.GetUtcNow();
        foreach (var endpoint in endpoints)
        {
            db.WebhookDeliveries.Add(WebhookDelivery.Create(endpoint, context.Message.EventId, EventType, body, now));
        }
    }
}
