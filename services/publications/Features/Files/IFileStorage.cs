namespace RabatPlatform.Publications.Features.Files;

/// <summary>
/// Where file bytes live, addressed by keys this service generates (never by a user's file name).
/// The local file system by default; an S3-compatible store implements the same four operations
/// (PutObject with a streamed body, GetObject with ranges, DeleteObject, HeadObject).
/// </summary>
public interface IFileStorage
{
    /// <summary>Copies <paramref name="content"/> to a new object and returns its key; nothing is left behind when it throws.</summary>
    Task<string> WriteAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>A readable (and, for the local store, seekable) stream of the object; null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);
}
