namespace RabatPlatform.Contracts;

/// <summary>Sent to one webhook endpoint on request, to check that it receives and verifies deliveries.</summary>
[EventType("webhook.test")]
public sealed record WebhookTest(Guid EventId, DateTimeOffset OccurredAt, Guid EndpointId, string Message) : IIntegrationEvent;
