namespace RabatPlatform.Contracts;

/// <summary>
/// Search asks every service to announce its public items again (to rebuild the index after a schema
/// change). Each service answers with one <see cref="SearchItemReannounced"/> per public item, then one
/// <see cref="SearchReindexCompleted"/>.
/// </summary>
[EventType("search.reindex_requested")]
public sealed record SearchReindexRequested(Guid EventId, DateTimeOffset OccurredAt, Guid RebuildId) : IIntegrationEvent;

/// <summary>One public item, as the index needs it (not a domain event: it notifies nobody).</summary>
/// <param name="ItemType">news, page, meeting, publication, project.</param>
[EventType("search.item_reannounced")]
public sealed record SearchItemReannounced(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid RebuildId,
    string ItemType,
    Guid ItemId,
    IReadOnlyDictionary<string, TranslatedText> Translations,
    DateTimeOffset Date,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> Countries) : IIntegrationEvent;

[EventType("search.reindex_completed")]
public sealed record SearchReindexCompleted(
    Guid EventId, DateTimeOffset OccurredAt, Guid RebuildId, string Service, IReadOnlyList<string> ItemTypes, int Count)
    : IIntegrationEvent;

/// <summary>
/// The index changed for an item (indexed, updated or removed): readers of search results, such as the
/// gateway's cache, know their copies are stale. Published by search after its own commit.
/// </summary>
[EventType("search.index_updated")]
public sealed record SearchIndexUpdated(Guid EventId, DateTimeOffset OccurredAt, string ItemType, Guid ItemId) : IIntegrationEvent;
