using System.Globalization;

namespace RabatPlatform.Contracts;

/// <summary>
/// The theme tag of an objective of the Global Compact for Migration (<c>gcm-1</c> … <c>gcm-23</c>): written by
/// meetings, publications, projects, news and pages, read by search's facets and content's alignment matrix.
/// </summary>
public static class GcmTags
{
    public const string Prefix = "gcm-";

    /// <summary>The Compact has 23 objectives.</summary>
    public const int Objectives = 23;

    /// <summary>11 → <c>gcm-11</c>.</summary>
    public static string Tag(int objective) => Prefix + objective.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether the tag has the GCM prefix at all (then it must name an objective).</summary>
    public static bool HasPrefix(string tag) => tag.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary><c>gcm-11</c> → 11; null for anything else (no objective 0 or 24, no leading zero, no sign).</summary>
    public static int? Objective(string tag) =>
        HasPrefix(tag)
        && int.TryParse(tag.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
        && n is >= 1 and <= Objectives
        && tag == Tag(n)
            ? n
            : null;
}
