namespace RabatPlatform.Publications.Features.Publications;

/// <summary>The service's configuration section (<c>Publications:*</c>): uploads, storage, feeds and download counting.</summary>
public sealed class PublicationsOptions
{
    public const string Section = "Publications";

    /// <summary>Largest accepted file, in bytes (<c>Publications:MaxUploadBytes</c>, 100 MB by default).</summary>
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>The website's address, for the links of the feeds (<c>Publications:PublicBaseUrl</c>).</summary>
    public string PublicBaseUrl { get; set; } = "https://www.rabat-process.org";

    public StorageOptions Storage { get; set; } = new();

    public DownloadOptions Downloads { get; set; } = new();
}

public sealed class StorageOptions
{
    /// <summary>
    /// Where file bytes live (<c>Publications:Storage:Kind</c>): <see cref="StorageKind.FileSystem"/> (a folder,
    /// <see cref="Path"/>) or <see cref="StorageKind.Database"/> (the service's database, shared by every replica
    /// without a shared volume).
    /// </summary>
    public StorageKind Kind { get; set; } = StorageKind.FileSystem;

    /// <summary>The local store's folder (<c>Publications:Storage:Path</c>); default <c>data/publications</c> under the content root.</summary>
    public string? Path { get; set; }
}

public sealed class DownloadOptions
{
    /// <summary>How often counted downloads are written to the database (<c>Publications:Downloads:FlushInterval</c>).</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Repeat hits by the same client on the same file within this window count once.</summary>
    public TimeSpan RepeatWindow { get; set; } = TimeSpan.FromSeconds(30);
}

public enum StorageKind
{
    FileSystem,
    Database,
}
