using Microsoft.AspNetCore.Mvc;

namespace RabatPlatform.Search.Features.Query;

/// <summary><c>GET /api/search</c>: the text, the facet filters and the page.</summary>
/// <param name="TextLanguage">Only documents whose text is in this language (<c>language</c>, a facet; <c>lang</c> is the answer's language).</param>
public sealed record SearchItemsRequest(
    [property: FromQuery(Name = "q")] string? Q,
    [property: FromQuery(Name = "type")] string? Type,
    [property: FromQuery(Name = "year")] int? Year,
    [property: FromQuery(Name = "theme")] string? Theme,
    [property: FromQuery(Name = "country")] string? Country,
    [property: FromQuery(Name = "language")] string? TextLanguage,
    [property: FromQuery(Name = "page")] int? Page,
    [property: FromQuery(Name = "pageSize")] int? PageSize);

/// <summary><c>GET /api/search/suggest</c>: the words typed so far.</summary>
public sealed record SuggestRequest([property: FromQuery(Name = "q")] string? Q);
