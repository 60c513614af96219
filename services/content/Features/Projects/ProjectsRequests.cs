using Microsoft.AspNetCore.Mvc;

namespace RabatPlatform.Content.Features.Projects;

/// <summary><c>GET /api/content/projects?country=&amp;theme=&amp;year=&amp;page=&amp;pageSize=</c></summary>
public sealed record ProjectListRequest(
    [FromQuery(Name = "country")] string? Country,
    [FromQuery(Name = "theme")] string? Theme,
    [FromQuery(Name = "year")] string? Year,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "pageSize")] int? PageSize);

public sealed record ProjectTextInput(string? Title, string? Summary);

/// <summary>
/// <c>{"translations":{"fr":{"title":…,"summary":…},"en":{…}},"countries":["MA","SN"],"startYear":2013,
/// "endYear":2015,"donor":"…","implementer":"…","themes":["border-management"]}</c>
/// </summary>
public sealed record ProjectWriteRequest(
    Dictionary<string, ProjectTextInput?>? Translations,
    List<string?>? Countries,
    int? StartYear,
    int? EndYear,
    string? Donor,
    string? Implementer,
    List<string?>? Themes);

/// <summary>A project by its id.</summary>
public sealed record ProjectIdRequest([FromRoute(Name = "id")] Guid Id);
