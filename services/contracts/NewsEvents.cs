namespace RabatPlatform.Contracts;

/// <summary>One language version of a news item or page, as events carry it.</summary>
/// <param name="Body">Sanitised HTML.</param>
public sealed record TranslatedText(string Title, string? Summary, string? Body, string Slug);

[EventType("news.published")]
public sealed record NewsPublished(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid NewsId,
    DateTimeOffset PublishedAt,
    IReadOnlyDictionary<string, TranslatedText> Translations,
    IReadOnlyList<string> Tags) : IIntegrationEvent;

[EventType("news.updated")]
public sealed record NewsUpdated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid NewsId,
    DateTimeOffset PublishedAt,
    IReadOnlyDictionary<string, TranslatedText> Translations,
    IReadOnlyList<string> Tags) : IIntegrationEvent;

[EventType("news.unpublished")]
public sealed record NewsUnpublished(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid NewsId,
    IReadOnlyDictionary<string, string> Slugs) : IIntegrationEvent;
