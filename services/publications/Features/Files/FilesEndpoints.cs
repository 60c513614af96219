using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RabatPlatform.Publications.Data;
using RabatPlatform.Publications.Features.Downloads;
using RabatPlatform.Publications.Features.Publications;

namespace RabatPlatform.Publications.Features.Files;

/// <summary>Uploads (streamed multipart) and downloads (ranges, ETag, counted) of publication files.</summary>
internal static partial class FilesEndpoints
{
    public static async Task<Results<Created<FileVersionView>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        [AsParameters] UploadFileRequest request, HttpContext http, FilesWorkflow files, Lang lang, CancellationToken cancellationToken)
    {
        var outcome = await files.UploadAsync(http, request.Id, lang, cancellationToken);
        return outcome.Status switch
        {
            UploadStatus.Created => FilesViews.Created(outcome.File!, outcome.Publication!),
            UploadStatus.Invalid => outcome.Errors!.ToProblem(),
            UploadStatus.NotMultipart => FilesProblems.NotMultipart(lang),
            UploadStatus.TooLarge => FilesProblems.TooLarge(lang, files.MaxBytes),
            UploadStatus.NotFound => PublicationsProblems.NotFound(lang, request.Id.ToString()),
            UploadStatus.Withdrawn => FilesProblems.Withdrawn(lang),
            UploadStatus.Malformed => FilesProblems.Malformed(lang),
            UploadStatus.UnsupportedType => FilesProblems.UnsupportedType(lang),
            _ => PublicationsProblems.ConcurrentEdit(lang),
        };
    }

    public static Task<IResult> DownloadLatestAsync(
        [AsParameters] DownloadLatestRequest request, HttpContext http, PublicationsDbContext db, IFileStorage storage,
        DownloadCounter counter, Lang negotiated, CancellationToken cancellationToken) =>
        DownloadAsync(http, request.Slug, request.Language, null, db, storage, counter, negotiated, cancellationToken);

    public static Task<IResult> DownloadVersionAsync(
        [AsParameters] DownloadVersionRequest request, HttpContext http, PublicationsDbContext db, IFileStorage storage,
        DownloadCounter counter, Lang negotiated, CancellationToken cancellationToken) =>
        DownloadAsync(http, request.Slug, request.Language, request.version, db, storage, counter, negotiated, cancellationToken);

    private static async Task<IResult> DownloadAsync(
        HttpContext http, string slug, string language, int? version, PublicationsDbContext db, IFileStorage storage,
        DownloadCounter counter, Lang negotiated, CancellationToken cancellationToken)
    {
        if (FilesValidator.Validate(language, version, negotiated.Errors()) is { IsEmpty: false } errors)
        {
            return errors.ToProblem();
        }

        var (publication, problem) = await PublicationsWorkflow.FindVisibleAsync(db, http.User, slug, negotiated, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (publication!.FindFile(language, version) is not { } file)
        {
            return FilesProblems.FileNotFound(negotiated, language, version);
        }

        if (await storage.OpenReadAsync(file.StorageKey, cancellationToken) is not { } stream)
        {
            LogMissingObject(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FilesEndpoints)), file.Id, file.StorageKey);
            return FilesProblems.NoLongerAvailable(negotiated);
        }

        var etag = FilesViews.ETag(file);
        var published = publication.Status == PublicationStatus.Published;
        FilesViews.SetCaching(http.Response, published, version);
        if (published)
        {
            counter.Record(http, file.Id, etag);
        }

        return FilesViews.File(stream, file, etag);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "File {FileId} has no stored object {Key}")]
    private static partial void LogMissingObject(ILogger logger, Guid fileId, string key);
}
