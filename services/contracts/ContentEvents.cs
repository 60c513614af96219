namespace RabatPlatform.Contracts;

[EventType("page.published")]
public sealed record PagePublished(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid PageId,
    DateTimeOffset PublishedAt,
    IReadOnlyDictionary<string, TranslatedText> Translations,
    IReadOnlyList<string> Tags) : IIntegrationEvent;

[EventType("page.updated")]
public sealed record PageUpdated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid PageId,
    DateTimeOffset PublishedAt,
    IReadOnlyDictionary<string, TranslatedText> Translations,
    IReadOnlyList<string> Tags) : IIntegrationEvent;

[EventType("page.unpublished")]
public sealed record PageUnpublished(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid PageId,
    IReadOnlyDictionary<string, string> Slugs) : IIntegrationEvent;

/// <summary>A technical assistance project of the inventory (title and summary per language).</summary>
[EventType("project.published")]
public sealed record ProjectPublished(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid ProjectId,
    IReadOnlyDictionary<string, TranslatedText> Translations,
    IReadOnlyList<string> Countries,
    int StartYear,
    int? EndYear,
    string? Donor,
    string? Implementer,
    IReadOnlyList<string> Themes) : IIntegrationEvent;

[EventType("project.removed")]
public sealed record ProjectRemoved(Guid EventId, DateTimeOffset OccurredAt, Guid ProjectId) : IIntegrationEvent;
