using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using RabatPlatform.Contracts;
using RabatPlatform.Publications.Data;
using RabatPlatform.Publications.Features.Downloads;
using RabatPlatform.Publications.Features.Publications;

namespace RabatPlatform.Publications.Features.Files;

/// <summary>Uploads (streamed multipart) and downloads (ranges, ETag, counted) of publication files.</summary>
public static partial class PublicationFilesApi
{
    /// <summary>Room for the multipart framing and the <c>language</c> field on top of the file itself.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static RouteGroupBuilder MapPublicationFilesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/{id:guid}/files", UploadAsync).RequireAuthorization(PlatformPolicies.Secretariat).DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data");
        api.MapMethods("/{slug}/files/{lang}", ["GET", "HEAD"], DownloadLatestAsync);
        api.MapMethods("/{slug}/files/{lang}/v/{version:int}", ["GET", "HEAD"], DownloadVersionAsync);
        return api;
    }

    private sealed record StoredUpload(string Key, long Size, string Sha256, byte[] Head, string FileName);

    internal static async Task<Results<Created<FileVersionView>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpContext http, Guid id, PublicationsDbContext db, IFileStorage storage, IOptions<PublicationsOptions> options,
        TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(PublicationFilesApi));
        var language = RequestLanguage.Resolve(http);
        var max = options.Value.MaxUploadBytes;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary) is not { Length: > 0 and <= 200 } boundary)
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, language,
                ("Type de contenu non pris en charge", "Unsupported media type"),
                ("Envoyez le fichier en multipart/form-data (champs « file » et « language »).", "Send the file as multipart/form-data ('file' and 'language' fields)."));
        }

        if (http.Request.ContentLength > max + MultipartOverhead)
        {
            return TooLarge(language, max);
        }

        var publication = await db.Set<Publication>().AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (publication is null)
        {
            return PublicationsApi.NotFound(language, id.ToString());
        }

        if (publication.Status == PublicationStatus.Withdrawn)
        {
            return Problems.Conflict(language,
                ("Publication retirée", "Publication withdrawn"),
                ("On ne peut ajouter de fichier à une publication retirée.", "Files cannot be added to a withdrawn publication."));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = max + MultipartOverhead;
        }

        var errors = new ValidationErrors(language);
        StoredUpload? stored = null;
        string? fileLanguage = null;
        var sawFile = false;
        try
        {
            var reader = new MultipartReader(boundary.ToString(), http.Request.Body) { BodyLengthLimit = null };
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
                    fileLanguage = new string(buffer, 0, n).Trim();
                }
                else if (name == "file")
                {
                    if (sawFile)
                    {
                        errors.Add("file", "Un seul fichier par requête.", "One file per request.");
                        continue;
                    }

                    sawFile = true;
                    var fileName = disposition.FileNameStar.HasValue
                        ? disposition.FileNameStar.ToString()
                        : HeaderUtilities.RemoveQuotes(disposition.FileName).ToString();
                    if (!FileTypes.IsValidFileName(fileName))
                    {
                        errors.Add("file.fileName",
                            $"Le nom du fichier est requis, compte au plus {PublicationRules.FileNameMaxLength} caractères et ne contient ni chemin (/ \\ :) ni caractère de contrôle.",
                            $"The file name is required, has at most {PublicationRules.FileNameMaxLength} characters and contains no path (/ \\ :) and no control character.");
                        continue; // the section is skipped unread: nothing is stored
                    }

                    using var upload = new UploadStream(section.Body, max);
                    var key = await storage.WriteAsync(upload, cancellationToken);
                    stored = new StoredUpload(key, upload.Length_, upload.Sha256(), upload.Head.ToArray(), fileName);
                }
            }
        }
        catch (Exception ex) when (ex is UploadTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            await DeleteQuietlyAsync(storage, stored?.Key, logger);
            await DrainAsync(http);
            return TooLarge(language, max);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException && !cancellationToken.IsCancellationRequested)
        {
            await DeleteQuietlyAsync(storage, stored?.Key, logger);
            return Problems.Create(StatusCodes.Status400BadRequest, language,
                ("Requête invalide", "Bad request"),
                ("Le corps multipart est mal formé.", "The multipart body is malformed."));
        }
        catch
        {
            await DeleteQuietlyAsync(storage, stored?.Key, logger);
            throw;
        }

        try
        {
            if (fileLanguage is null)
            {
                errors.Add("language", "La langue du fichier est requise (fr ou en).", "The file's language is required (fr or en).");
            }
            else if (!Languages.IsSupported(fileLanguage))
            {
                errors.Add("language", "Langue inconnue : seules « fr » et « en » sont acceptées.", "Unknown language: only 'fr' and 'en' are accepted.");
            }

            if (!sawFile)
            {
                errors.Add("file", "Le fichier est requis (champ « file »).", "The file is required ('file' field).");
            }
            else if (stored is { Size: 0 })
            {
                errors.Add("file", "Le fichier est vide.", "The file is empty.");
            }

            if (!errors.IsEmpty || stored is null)
            {
                await DeleteQuietlyAsync(storage, stored?.Key, logger);
                return errors.ToProblem();
            }

            var type = await FileTypes.DetectAsync(stored.Head, ct => storage.OpenReadAsync(stored.Key, ct), cancellationToken);
            if (type is null)
            {
                await DeleteQuietlyAsync(storage, stored.Key, logger);
                return Problems.Create(StatusCodes.Status415UnsupportedMediaType, language,
                    ("Type de fichier refusé", "File type refused"),
                    ("Seuls les fichiers PDF, DOCX et XLSX sont acceptés (vérifiés d'après leur contenu).", "Only PDF, DOCX and XLSX files are accepted (checked by their content)."),
                    new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["file"] = [Localized.Pick(language, "Type de contenu non reconnu.", "Unrecognised content type.")] } });
            }

            var now = time.GetUtcNow();
            var file = new PublicationFile
            {
                Id = Guid.CreateVersion7(now),
                PublicationId = publication.Id,
                Language = fileLanguage!,
                Version = publication.NextVersion(fileLanguage!),
                FileName = stored.FileName,
                ContentType = type.ContentType,
                Size = stored.Size,
                Sha256 = stored.Sha256,
                StorageKey = stored.Key,
                UploadedAt = now,
            };
            db.Add(file);
            publication.Touch(now);
            if (publication.Status == PublicationStatus.Published)
            {
                var slug = publication.SlugFor(file.Language);
                db.Publish(new PublicationFileAdded(Guid.CreateVersion7(now), now, publication.Id, file.Language, file.Version, file.FileName,
                    file.ContentType, file.Size, file.Sha256, PublicationFile.LatestUrl(slug, file.Language),
                    PublicationFile.VersionUrl(slug, file.Language, file.Version)));
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another upload took this version number, or the publication changed meanwhile.
                await DeleteQuietlyAsync(storage, stored.Key, logger);
                return PublicationsApi.ConcurrentEdit(language);
            }

            LogUploaded(logger, publication.Id, file.Language, file.Version, file.Size);
            var view = FileVersionView.From(file, publication);
            return TypedResults.Created(view.Url, view);
        }
        catch
        {
            if (stored is not null && !await IsRecordedAsync(db, stored.Key))
            {
                await DeleteQuietlyAsync(storage, stored.Key, logger);
            }

            throw;
        }
    }

    private static async Task<bool> IsRecordedAsync(PublicationsDbContext db, string key)
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

    internal static Task<IResult> DownloadLatestAsync(
        HttpContext http, string slug, string lang, PublicationsDbContext db, IFileStorage storage, DownloadCounter counter,
        CancellationToken cancellationToken) =>
        DownloadAsync(http, slug, lang, null, db, storage, counter, cancellationToken);

    internal static Task<IResult> DownloadVersionAsync(
        HttpContext http, string slug, string lang, int version, PublicationsDbContext db, IFileStorage storage, DownloadCounter counter,
        CancellationToken cancellationToken) =>
        DownloadAsync(http, slug, lang, version, db, storage, counter, cancellationToken);

    private static async Task<IResult> DownloadAsync(
        HttpContext http, string slug, string lang, int? version, PublicationsDbContext db, IFileStorage storage, DownloadCounter counter,
        CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = new ValidationErrors(language);
        if (!Languages.IsSupported(lang))
        {
            errors.Add("lang", "Langue inconnue : seules « fr » et « en » sont acceptées.", "Unknown language: only 'fr' and 'en' are accepted.");
        }

        if (version is < 1)
        {
            errors.Add("version", "Les versions commencent à 1.", "Versions start at 1.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var (publication, problem) = await PublicationsApi.FindBySlugAsync(http, db, slug, language, false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var file = version is { } v
            ? publication!.Files.FirstOrDefault(f => f.Language == lang && f.Version == v)
            : publication!.LatestFile(lang);
        if (file is null)
        {
            return Problems.NotFound(language,
                ("Fichier introuvable", "File not found"),
                (version is null ? $"Aucun fichier en « {lang} » pour cette publication." : $"Pas de version {version} en « {lang} » pour cette publication.",
                 version is null ? $"No file in '{lang}' for this publication." : $"No version {version} in '{lang}' for this publication."));
        }

        var stream = await storage.OpenReadAsync(file.StorageKey, cancellationToken);
        if (stream is null)
        {
            LogMissingObject(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PublicationFilesApi)), file.Id, file.StorageKey);
            return Problems.NotFound(language, ("Fichier introuvable", "File not found"), ("Le fichier n'est plus disponible.", "The file is no longer available."));
        }

        var etag = new EntityTagHeaderValue($"\"{file.Sha256}\"");
        var published = publication.Status == PublicationStatus.Published;
        http.Response.Headers.CacheControl = !published ? "private, no-store"
            : version is null ? "public, no-cache" // the latest link revalidates (ETag → 304) to see a new version
            : "public, max-age=31536000, immutable";
        http.Response.Headers.Vary = "Accept-Encoding";

        if (published && HttpMethods.IsGet(http.Request.Method) && WillSendBytesFromStart(http.Request, etag))
        {
            counter.Record(file.Id, ClientIp(http), http.Request.Headers.UserAgent.ToString());
        }

        return TypedResults.File(stream, file.ContentType, file.FileName, new DateTimeOffset(file.UploadedAt.UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero),
            etag, enableRangeProcessing: true);
    }

    /// <summary>
    /// A download counts when the answer carries the file from its first byte: not a 304, not the continuation
    /// of a resumed download (a range not starting at 0).
    /// </summary>
    private static bool WillSendBytesFromStart(HttpRequest request, EntityTagHeaderValue etag)
    {
        var headers = request.GetTypedHeaders();
        if (headers.IfNoneMatch is { Count: > 0 } ifNoneMatch && ifNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false)))
        {
            return false;
        }

        return headers.Range is not { Ranges.Count: > 0 } range || range.Ranges.First().From == 0;
    }

    /// <summary>The client as the gateway saw it (<c>X-Forwarded-For</c>), else the connection's address.</summary>
    private static string? ClientIp(HttpContext http)
    {
        var forwarded = http.Request.Headers["X-Forwarded-For"].ToString();
        if (!string.IsNullOrWhiteSpace(forwarded))
        {
            return forwarded.Split(',')[0].Trim();
        }

        return http.Connection.RemoteIpAddress?.ToString();
    }

    private static ProblemHttpResult TooLarge(string language, long max) => Problems.Create(StatusCodes.Status413PayloadTooLarge, language,
        ("Fichier trop volumineux", "File too large"),
        ($"Le fichier dépasse la taille maximale de {max} octets.", $"The file exceeds the maximum size of {max} bytes."),
        new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["file"] = [Localized.Pick(language, $"Au plus {max} octets.", $"At most {max} bytes.")] }, ["maxBytes"] = max });

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

    private static async Task DeleteQuietlyAsync(IFileStorage storage, string? key, ILogger logger)
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

    [LoggerMessage(Level = LogLevel.Error, Message = "File {FileId} has no stored object {Key}")]
    private static partial void LogMissingObject(ILogger logger, Guid fileId, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not delete the stored object {Key}: it is an orphan")]
    private static partial void LogOrphan(ILogger logger, string key, Exception exception);
}
