namespace RabatPlatform.Contracts;

/// <summary>
/// A publication as its events carry it. <c>Type</c>: report, study, bulletin, policy-brief,
/// technical-recommendations, compendium, guide, final-document, background-paper.
/// </summary>
public sealed record PublicationData(
    string Type,
    IReadOnlyDictionary<string, TranslatedText> Translations,
    DateOnly PublishedOn,
    IReadOnlyList<string> Partners,
    IReadOnlyList<string> Themes,
    IReadOnlyList<int> GcmObjectives,
    Guid? RelatedMeetingId);

[EventType("publication.published")]
public sealed record PublicationPublished(Guid EventId, DateTimeOffset OccurredAt, Guid PublicationId, PublicationData Publication)
    : IIntegrationEvent;

[EventType("publication.updated")]
public sealed record PublicationUpdated(Guid EventId, DateTimeOffset OccurredAt, Guid PublicationId, PublicationData Publication)
    : IIntegrationEvent;

[EventType("publication.withdrawn")]
public sealed record PublicationWithdrawn(
    Guid EventId, DateTimeOffset OccurredAt, Guid PublicationId, IReadOnlyDictionary<string, string> Slugs) : IIntegrationEvent;
