namespace RabatPlatform.Contracts;

/// <summary>
/// The subscriptions service disabled a partner's webhook endpoint (it answered 410 Gone, or kept failing
/// for the configured period): the Secretariat is told so it can contact the partner and re-enable it.
/// Internal: not offered to webhook subscribers.
/// </summary>
[EventType("webhook.endpoint_disabled")]
public sealed record WebhookEndpointDisabled(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid EndpointId,
    string Url,
    string? PartnerCode,
    string Reason,
    DateTimeOffset? FailingSince) : IIntegrationEvent;
