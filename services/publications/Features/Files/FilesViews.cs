using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using RabatPlatform.Publications.Features.Publications;

namespace RabatPlatform.Publications.Features.Files;

/// <summary>
/// The files' answers: an uploaded version (<see cref="FileVersionView"/>, shared with the publication views)
/// and a download (the bytes, with ETag, Last-Modified, ranges and caching headers).
/// </summary>
internal static class FilesViews
{
    public static Created<FileVersionView> Created(PublicationFile file, Publication publication)
    {
        var view = FileVersionView.From(file, publication);
        return TypedResults.Created(view.Url, view);
    }

    /// <summary>The strong ETag of a version: its SHA-256.</summary>
    public static EntityTagHeaderValue ETag(PublicationFile file) => new($"\"{file.Sha256}\"");

    /// <summary>
    /// A draft's or withdrawn publication's file is private; the latest link revalidates (ETag → 304) to see
    /// a new version; a numbered version never changes.
    /// </summary>
    public static void SetCaching(HttpResponse response, bool published, int? version)
    {
        response.Headers.CacheControl = !published ? "private, no-store"
            : version is null ? "public, no-cache"
            : "public, max-age=31536000, immutable";
        response.Headers.Vary = "Accept-Encoding";
    }

    /// <summary>The bytes, with ranges; Last-Modified is the upload time to the second (what the header carries).</summary>
    public static FileStreamHttpResult File(Stream stream, PublicationFile file, EntityTagHeaderValue etag) =>
        TypedResults.File(stream, file.ContentType, file.FileName,
            new DateTimeOffset(file.UploadedAt.UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero),
            etag, enableRangeProcessing: true);
}
