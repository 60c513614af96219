using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>The webhook use cases that write several deliveries or a synthetic event.</summary>
public static class WebhooksWorkflow
{
    /// <summary>Puts every failed delivery of the endpoint created since <paramref name="from"/> back in the queue, due now.</summary>
    public static Task<int> RecoverAsync(SubscriptionsDbContext db, Guid endpointId, DateTimeOffset from, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WebhookDeliveries
            .Where(d => d.EndpointId == endpointId && d.Status == DeliveryStatus.Failed && d.CreatedAt >= from)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.LockedUntil, (DateTimeOffset?)null), cancellationToken);

    /// <summary>Queues a <c>webhook.test</c> delivery to the endpoint.</summary>
    public static async Task<WebhookDelivery> QueueTestAsync(
        SubscriptionsDbContext db, Guid endpointId, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var test = new WebhookTest(Guid.CreateVersion7(now), now, endpointId, "Test delivery from the Rabat Process platform.");
        var delivery = WebhookDelivery.Create(endpointId, test.EventId, EventTypes.NameOf<WebhookTest>(), WebhookMessage.Body(test, source), now);
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        return delivery;
    }
}
