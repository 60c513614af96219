using Microsoft.AspNetCore.Mvc;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>Registering or replacing an endpoint. <c>Enabled</c> (PUT only) re-enables or disables it; null keeps it.</summary>
public sealed record WebhookWriteRequest(string? Url, string? Description, List<string>? EventTypes, string? PartnerCode, bool? Enabled);

/// <summary><c>/webhooks/{id}</c></summary>
public sealed record WebhookIdRequest([FromRoute(Name = "id")] Guid Id);

/// <summary><c>GET /webhooks?page=&amp;pageSize=&amp;partnerCode=</c></summary>
public sealed record ListWebhooksRequest(
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "pageSize")] int? PageSize,
    [FromQuery(Name = "partnerCode")] string? PartnerCode);

/// <summary><c>GET /webhooks/{id}/deliveries?status=&amp;page=&amp;pageSize=</c></summary>
public sealed record ListDeliveriesRequest(
    [FromRoute(Name = "id")] Guid Id,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "pageSize")] int? PageSize);

/// <summary><c>/webhooks/{id}/deliveries/{deliveryId}/replay</c></summary>
public sealed record DeliveryRequest([FromRoute(Name = "id")] Guid Id, [FromRoute(Name = "deliveryId")] Guid DeliveryId);

/// <summary><c>/webhooks/{id}/recover?since=</c> (an ISO 8601 date)</summary>
public sealed record RecoverRequest([FromRoute(Name = "id")] Guid Id, [FromQuery(Name = "since")] string? Since);
