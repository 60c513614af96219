using System.Text.RegularExpressions;

namespace RabatPlatform.Subscriptions.Features.Newsletter;

public static partial class NewsletterRules
{
    public const int MaxTopics = 40;

    /// <summary>Kinds of item, chosen as topics.</summary>
    public const string News = "news";
    public const string Meetings = "meetings";
    public const string Publications = "publications";

    /// <summary>The shared vocabulary's free themes.</summary>
    public static readonly IReadOnlySet<string> Themes = new HashSet<string>(StringComparer.Ordinal)
    {
        "border-management", "smuggling", "trafficking", "diaspora", "remittances", "return-reintegration",
        "legal-migration", "asylum-protection", "unaccompanied-minors", "local-authorities", "youth", "women", "data",
        "climate",
    };

    /// <summary>
    /// Valid topics: <c>news</c>, <c>meetings</c>, <c>publications</c>, a free theme, or a framework domain
    /// <c>rabat-2006.d1-5</c>, <c>marrakech-2018.d1-5</c>, <c>cadiz-2023.d1-5</c>.
    /// </summary>
    public static bool IsTopic(string? topic) =>
        topic is News or Meetings or Publications
        || (topic is not null && (Themes.Contains(topic) || DomainPattern().IsMatch(topic)));

    [GeneratedRegex("^(rabat-2006|marrakech-2018|cadiz-2023)\\.d[1-5]$")]
    private static partial Regex DomainPattern();
}
