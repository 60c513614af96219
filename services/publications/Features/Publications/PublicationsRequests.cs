using Microsoft.AspNetCore.Mvc;

namespace RabatPlatform.Publications.Features.Publications;

/// <summary><c>GET /api/publications?type=&amp;year=&amp;gcm=&amp;theme=&amp;status=&amp;page=&amp;pageSize=</c></summary>
public sealed record ListPublicationsRequest(
    [FromQuery(Name = "type")] string? Type,
    [FromQuery(Name = "year")] int? Year,
    [FromQuery(Name = "gcm")] int? Gcm,
    [FromQuery(Name = "theme")] string? Theme,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "pageSize")] int? PageSize);

/// <summary>A publication by the slug of either language: <c>/api/publications/{slug}</c>.</summary>
public sealed record PublicationSlugRequest([FromRoute(Name = "slug")] string Slug);

/// <summary><c>GET /api/publications/{slug}/cite?format=bibtex|csl-json</c></summary>
public sealed record CitePublicationRequest([FromRoute(Name = "slug")] string Slug, [FromQuery(Name = "format")] string? Format);

/// <summary>A publication by its id: <c>/api/publications/{id}</c>.</summary>
public sealed record PublicationIdRequest([FromRoute(Name = "id")] Guid Id);

public sealed record PublicationTranslationInput(string? Title, string? Summary, string? Slug);

/// <summary>
/// <c>{"type":"report","publishedOn":"2023-06-01","translations":{"fr":{…},"en":{…}},"authors":[…],
/// "partners":["MA"],"themes":[…],"frameworks":["cadiz-2023.d2"],"gcmObjectives":[11],"relatedMeetingId":null}</c>
/// </summary>
public sealed record PublicationWriteRequest(
    string? Type,
    DateOnly? PublishedOn,
    Dictionary<string, PublicationTranslationInput?>? Translations,
    List<string?>? Authors,
    List<string?>? Partners,
    List<string?>? Themes,
    List<string?>? Frameworks,
    List<int>? GcmObjectives,
    Guid? RelatedMeetingId);
