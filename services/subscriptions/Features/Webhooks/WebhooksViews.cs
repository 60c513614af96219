namespace RabatPlatform.Subscriptions.Features.Webhooks;

public record WebhookView(
    Guid Id,
    string Url,
    string? Description,
    IReadOnlyList<string> EventTypes,
    string? PartnerCode,
    bool Enabled,
    DateTimeOffset? DisabledAt,
    string? DisabledReason,
    DateTimeOffset? FailingSince,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static WebhookView From(WebhookEndpoint e, DateTimeOffset now) => new(
        e.Id, e.Url, e.Description, e.EventTypes, e.PartnerCode, e.Enabled, e.DisabledAt, e.DisabledReason, e.FailingSince,
        e.PreviousSecretExpiresAt > now ? e.PreviousSecretExpiresAt : null, e.CreatedAt, e.UpdatedAt);
}

/// <summary>The answer to a registration: the only time the secret is shown (with <see cref="SecretView"/>).</summary>
public sealed record WebhookCreatedView(WebhookView Endpoint, string Secret);

public sealed record SecretView(string Secret, DateTimeOffset? PreviousSecretExpiresAt);

public sealed record AttemptView(DateTimeOffset AttemptedAt, int? StatusCode, bool Success, int LatencyMs, string? Error, string? ResponseExcerpt)
{
    public static AttemptView From(WebhookAttempt a) => new(a.AttemptedAt, a.StatusCode, a.Success, a.LatencyMs, a.Error, a.ResponseExcerpt);
}

public sealed record DeliveryView(
    Guid Id,
    Guid EndpointId,
    Guid EventId,
    string EventType,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset? SucceededAt,
    IReadOnlyList<AttemptView> Log)
{
    public static DeliveryView From(WebhookDelivery d) => new(
        d.Id, d.EndpointId, d.EventId, d.EventType, StatusName(d.Status), d.Attempts, d.CreatedAt,
        d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.LastAttemptAt, d.LastStatusCode, d.LastError, d.SucceededAt,
        d.AttemptLog.OrderBy(a => a.AttemptedAt).ThenBy(a => a.Id).Select(AttemptView.From).ToList());

    public static string StatusName(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "pending",
        DeliveryStatus.Succeeded => "succeeded",
        _ => "failed",
    };
}

public sealed record RecoverView(DateTimeOffset Since, int Recovered);

public sealed record EventTypeView(string Type, string CloudEventsType, string Family, string Description, System.Text.Json.Nodes.JsonNode Schema);

public sealed record EventTypeList(IReadOnlyList<EventTypeView> Items)
{
    /// <summary>The catalogue, described in <paramref name="language"/>.</summary>
    public static EventTypeList From(string language) => new(WebhookCatalogue.Types
        .Select(t => new EventTypeView(
            t.Key, WebhookCatalogue.CloudEventsType(t.Key), WebhookCatalogue.Family(t.Key),
            WebhookCatalogue.Describe(t.Key, language), WebhookCatalogue.Schema(t.Value)))
        .ToList());
}
