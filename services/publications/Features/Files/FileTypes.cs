using System.IO.Compression;
using System.Text;
using RabatPlatform.Publications.Features.Publications;

namespace RabatPlatform.Publications.Features.Files;

/// <summary>A file type accepted for publications, recognised by its bytes (never by its name).</summary>
public sealed record FileType(string ContentType, string Extension);

public static class FileTypes
{
    public static readonly FileType Pdf = new("application/pdf", ".pdf");
    public static readonly FileType Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
    public static readonly FileType Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");

    private const int MaxZipEntries = 10_000;
    private const int MaxContentTypesBytes = 1024 * 1024;

    /// <summary>
    /// PDF by <c>%PDF-</c>; DOCX/XLSX by a ZIP whose <c>[Content_Types].xml</c> declares the main part and
    /// which has <c>word/</c> or <c>xl/</c> entries. Anything else (an executable's <c>MZ</c>…) is null.
    /// </summary>
    public static async Task<FileType?> DetectAsync(ReadOnlyMemory<byte> head, Func<CancellationToken, Task<Stream?>> open, CancellationToken cancellationToken)
    {
        if (head.Span.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (!head.Span.StartsWith("PK\x03\x04"u8))
        {
            return null;
        }

        await using var stream = await open(cancellationToken);
        if (stream is null)
        {
            return null;
        }

        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxZipEntries)
            {
                return null;
            }

            var contentTypes = zip.GetEntry("[Content_Types].xml");
            if (contentTypes is null || contentTypes.Length > MaxContentTypesBytes)
            {
                return null;
            }

            string declared;
            using (var reader = new StreamReader(contentTypes.Open(), Encoding.UTF8))
            {
                declared = await reader.ReadToEndAsync(cancellationToken);
            }

            bool Has(string folder) => zip.Entries.Any(e => e.FullName.StartsWith(folder, StringComparison.Ordinal));
            if (Has("word/") && declared.Contains("wordprocessingml.document.main+xml", StringComparison.Ordinal))
            {
                return Docx;
            }

            if (Has("xl/") && declared.Contains("spreadsheetml.sheet.main+xml", StringComparison.Ordinal))
            {
                return Xlsx;
            }

            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>A user's file name is kept for <c>Content-Disposition</c> only: no path, no control characters, bounded length.</summary>
    public static bool IsValidFileName(string? name) =>
        !string.IsNullOrWhiteSpace(name)
        && name.Length <= PublicationRules.FileNameMaxLength
        && name.Trim() == name
        && name is not "." and not ".."
        && !name.Any(c => char.IsControl(c) || c is '/' or '\\' or ':' or '"' or '<' or '>' or '|' or '*' or '?')
        && !name.Contains('\uFFFD', StringComparison.Ordinal);
}
