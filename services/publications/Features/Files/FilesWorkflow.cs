using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using RabatPlatform.Persistence;
using RabatPlatform.Publications.Data;
using RabatPlatform.Publications.Features.Publications;

namespace RabatPlatform.Publications.Features.Files;

/// <summary>What became of an upload.</summary>
internal enum UploadStatus
{
    Created,
    NotMultipart,
    TooLarge,
    NotFound,
    Withdrawn,
    Malformed,
    Invalid,
    UnsupportedType,
    ConcurrentEdit,
}

/// <summary>An upload's outcome: the new version (<see cref="UploadStatus.Created"/>) or why not (field errors when <see cref="UploadStatus.Invalid"/>).</summary>
internal sealed record UploadOutcome(UploadStatus Status, ValidationErrors? Errors = null, PublicationFile? File = null, Publication? Publication = null);

/// <summary>
/// An upload, streamed: the multipart body is read section by section, the file goes to the store through
/// <see cref="UploadStream"/> (size limit, SHA-256, first bytes), its type is checked by content, and the
/// new version is recorded; a stored object that ends up unrecorded is deleted.
/// </summary>
internal sealed partial class FilesWorkflow(
    PublicationsDbContext db, IFileStorage storage, IOptions<PublicationsOptions> options, TimeProvider time, ILogger<FilesWorkflow> logger)
{
    /// <summary>Room for the multipart framing and the <c>language</c> field on top of the file itself.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public long MaxBytes => options.Value.MaxUploadBytes;

    private sealed record StoredUpload(string Key, long Size, string Sha256, byte[] Head, string FileName);

    /// <summary>What the multipart body held (filled as it is read, so a failure still knows what was stored).</summary>
    private sealed class UploadForm
    {
        public StoredUpload? Stored { get; set; }

        public string? Language { get; set; }

        public bool SawFile { get; set; }
    }

    public async Task<UploadOutcome> UploadAsync(HttpContext http, Guid id, Lang lang, CancellationToken cancellationToken)
    {
        var max = MaxBytes;
        if (Boundary(http.Request.ContentType) is not { } boundary)
        {
            return new(UploadStatus.NotMultipart);
        }

        if (http.Request.ContentLength > max + MultipartOverhead)
        {
            return new(UploadStatus.TooLarge);
        }

        var publication = await PublicationsWorkflow.FindAsync(db, id, cancellationToken);
        if (publication is null || publication.Status == PublicationStatus.Withdrawn)
        {
            return new(publication is null ? UploadStatus.NotFound : UploadStatus.Withdrawn);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = max + MultipartOverhead;
        }

        var errors = lang.Errors();
        var form = new UploadForm();
        try
        {
            await ReadAsync(boundary, http.Request.Body, form, errors, cancellationToken);
        }
        catch (Exception ex) when (ex is UploadTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            await DeleteQuietlyAsync(form.Stored?.Key);
            await DrainAsync(http);
            return new(UploadStatus.TooLarge);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException && !cancellationToken.IsCancellationRequested)
        {
            await DeleteQuietlyAsync(form.Stored?.Key);
            return new(UploadStatus.Malformed);
        }
        catch
        {
            await DeleteQuietlyAsync(form.Stored?.Key);
            throw;
        }

        try
        {
            return await RecordAsync(publication, form, errors, cancellationToken);
        }
        catch
        {
            if (form.Stored is { } stored && !await IsRecordedAsync(stored.Key))
            {
                await DeleteQuietlyAsync(stored.Key);
            }

            throw;
        }
    }

    /// <summary>The multipart boundary of a <c>multipart/form-data</c> content type; null for anything else.</summary>
    private static string? Boundary(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        && HeaderUtilities.RemoveQuotes(mediaType.Boundary) is { Length: > 0 and <= 200 } boundary
            ? boundary.ToString()
            : null;

    private async Task ReadAsync(string boundary, Stream body, UploadForm form, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(boundary, body) { BodyLengthLimit = null };
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).ToString();
            if (name == "language")
            {
                using var text = new StreamReader(section.Body, System.Text.Encoding.UTF8, false, 64, leaveOpen: true);
                var buffer = new char[16];
                var n = await text.ReadBlockAsync(buffer, cancellationToken);
                form.Language = new string(buffer, 0, n).Trim();
            }
            else if (name == "file")
            {
                if (form.SawFile)
                {
                    FilesValidator.SecondFile(errors);
                    continue;
                }

                form.SawFile = true;
                var fileName = disposition.FileNameStar.HasValue
                    ? disposition.FileNameStar.ToString()
                    : HeaderUtilities.RemoveQuotes(disposition.FileName).ToString();
                if (!FilesValidator.CheckFileName(fileName, errors))
                {
                    continue; // the section is skipped unread: nothing is stored
                }

                using var upload = new UploadStream(section.Body, MaxBytes);
                var key = await storage.WriteAsync(upload, cancellationToken);
                form.Stored = new StoredUpload(key, upload.Length_, upload.Sha256(), upload.Head.ToArray(), fileName);
            }
        }
    }

    /// <summary>Checks the form and the file's type, then records the new version (and its event when published).</summary>
    private async Task<UploadOutcome> RecordAsync(Publication publication, UploadForm form, ValidationErrors errors, CancellationToken cancellationToken)
    {
        FilesValidator.Validate(form.Language, form.SawFile, form.Stored?.Size, errors);
        if (!errors.IsEmpty || form.Stored is not { } stored)
        {
            await DeleteQuietlyAsync(form.Stored?.Key);
            return new(UploadStatus.Invalid, errors);
        }

        var type = await FileTypes.DetectAsync(stored.Head, ct => storage.OpenReadAsync(stored.Key, ct), cancellationToken);
        if (type is null)
        {
            await DeleteQuietlyAsync(stored.Key);
            return new(UploadStatus.UnsupportedType);
        }

        var (file, added) = publication.NewFile(
            form.Language!, stored.FileName, type.ContentType, stored.Size, stored.Sha256, stored.Key, time.GetUtcNow());
        db.Add(file);
        if (added is not null)
        {
            db.Publish(added);
        }

        if ((await db.TrySaveChangesAsync(cancellationToken)).Outcome != SaveOutcome.Saved)
        {
            // Another upload took this version number, or the publication changed meanwhile.
            await DeleteQuietlyAsync(stored.Key);
            return new(UploadStatus.ConcurrentEdit);
        }

        LogUploaded(logger, publication.Id, file.Language, file.Version, file.Size);
        return new(UploadStatus.Created, File: file, Publication: publication);
    }

    private async Task<bool> IsRecordedAsync(string key)
    {
        try
        {
            return await db.Set<PublicationFile>().AsNoTracking().AnyAsync(f => f.StorageKey == key);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return true; // when in doubt, keep the file: a stray file is better than a dangling row
        }
    }

    /// <summary>Reads what remains of a refused body (within the server's limit) so the client gets the 413, not a reset.</summary>
    private static async Task DrainAsync(HttpContext http)
    {
        try
        {
            var buffer = new byte[81920];
            while (await http.Request.Body.ReadAsync(buffer, http.RequestAborted) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or BadHttpRequestException or OperationCanceledException)
        {
            // Past the server's limit: the connection closes after the answer.
        }
    }

    private async Task DeleteQuietlyAsync(string? key)
    {
        if (key is null)
        {
            return;
        }

        try
        {
            await storage.DeleteAsync(key, CancellationToken.None);
        }
        catch (IOException ex)
        {
            LogOrphan(logger, key, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Publication {PublicationId}: file {Language} v{Version} uploaded ({Size} bytes)")]
    private static partial void LogUploaded(ILogger logger, Guid publicationId, string language, int version, long size);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not delete the stored object {Key}: it is an orphan")]
    private static partial void LogOrphan(ILogger logger, string key, Exception exception);
}
