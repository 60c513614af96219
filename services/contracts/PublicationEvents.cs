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
    Guid? RelatedMeetingId,
    IReadOnlyDictionary<string, PublicationFileLink>? Files = null,
    IReadOnlyList<string>? Authors = null,
    IReadOnlyList<string>? Frameworks = null);

[EventType("publication.published")]
public sealed record PublicationPublished(Guid EventId, DateTimeOffset OccurredAt, Guid PublicationId, PublicationData Publication)
    : IIntegrationEvent;

[EventType("publication.updated")]
public sealed record PublicationUpdated(Guid EventId, DateTimeOffset OccurredAt, Guid PublicationId, PublicationData Publication)
    : IIntegrationEvent;

[EventType("publication.withdrawn")]
public sealed record PublicationWithdrawn(
    Guid EventId, DateTimeOffset OccurredAt, Guid PublicationId, IReadOnlyDictionary<string, string> Slugs) : IIntegrationEvent;

/// <summary>
/// A new file version of a publication in one language. <c>Url</c> is the stable "latest" link,
/// <c>VersionUrl</c> this version's own link (both paths under the gateway).
/// </summary>
[EventType("publication.file_added")]
public sealed record PublicationFileAdded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid PublicationId,
    string Language,
    int Version,
    string FileName,
    string ContentType,
    long Size,
    string Sha256,
    string Url,
    string VersionUrl) : IIntegrationEvent;
