using System.Text.RegularExpressions;

namespace RabatPlatform.Publications.Features.Files;

/// <summary>The keys of stored objects, the same for every store: <c>yyyy/MM/&lt;guid&gt;</c>, generated, never a user's file name.</summary>
internal static partial class StorageKeys
{
    public static string New(DateTimeOffset now) => $"{now:yyyy}/{now:MM}/{Guid.CreateVersion7(now):N}";

    public static string Checked(string key) =>
        KeyPattern().IsMatch(key) ? key : throw new ArgumentException("Not a storage key.", nameof(key));

    [GeneratedRegex("^[0-9]{4}/[0-9]{2}/[0-9a-f]{32}$")]
    private static partial Regex KeyPattern();
}
