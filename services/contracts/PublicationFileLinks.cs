namespace RabatPlatform.Contracts;

/// <summary>
/// The latest file of a publication in one language, as <see cref="PublicationData.Files"/> carries it:
/// <c>Url</c> is the stable "latest" link, <c>VersionUrl</c> this version's own link (paths under the gateway).
/// </summary>
public sealed record PublicationFileLink(
    int Version,
    string FileName,
    string ContentType,
    long Size,
    string Sha256,
    string Url,
    string VersionUrl);
