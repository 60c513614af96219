namespace RabatPlatform.Contracts;

/// <summary>
/// The content service's GCM alignment read model changed for one activity (a meeting, publication, news
/// item or page was added, changed or removed). Published through the outbox with that change, so it is
/// out only once the change is committed: readers of the matrix, such as the gateway's cache, know their
/// copies are stale. Not offered to partner webhooks.
/// </summary>
[EventType("alignment.updated")]
public sealed record GcmAlignmentUpdated(Guid EventId, DateTimeOffset OccurredAt, string ItemType, Guid ItemId) : IIntegrationEvent;
