using Microsoft.AspNetCore.Mvc;

namespace RabatPlatform.Publications.Features.Files;

/// <summary>
/// <c>POST /api/publications/{id}/files</c>: the body is streamed <c>multipart/form-data</c> with a <c>language</c>
/// field (fr or en) and one <c>file</c> (PDF, DOCX or XLSX), read by <see cref="FilesWorkflow"/>.
/// </summary>
public sealed record UploadFileRequest([FromRoute(Name = "id")] Guid Id);

/// <summary><c>GET|HEAD /api/publications/{slug}/files/{lang}</c>: the latest version in a language.</summary>
public sealed record DownloadLatestRequest([FromRoute(Name = "slug")] string Slug, [FromRoute(Name = "lang")] string Language);

/// <summary>
/// <c>GET|HEAD /api/publications/{slug}/files/{lang}/v/{version}</c>: one version, immutable. <c>version</c> is
/// named as in the route so that OpenAPI keeps the <c>{version:int}</c> constraint (an integer, not a string).
/// </summary>
public sealed record DownloadVersionRequest(
    [FromRoute(Name = "slug")] string Slug, [FromRoute(Name = "lang")] string Language, int version);
