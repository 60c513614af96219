using System.Text.RegularExpressions;

namespace RabatPlatform.Search.Data;

/// <summary>Cuts French elisions from query text, as <c>rabat_strip_elisions</c> does for indexed text.</summary>
public static partial class Elisions
{
    public static string Strip(string text) => Pattern().Replace(text, "");

    [GeneratedRegex(@"\b(jusqu|lorsqu|puisqu|quoiqu|qu|l|d|j|m|n|s|t|c)['’]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
