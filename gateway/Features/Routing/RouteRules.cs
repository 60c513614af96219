using RabatPlatform.Contracts;

namespace RabatPlatform.Gateway.Features.Routing;

/// <summary>Who may call a route at the gateway (the services check again).</summary>
public static class Access
{
    /// <summary>YARP's name for "no authorization".</summary>
    public const string Anonymous = "anonymous";
    public const string Secretariat = PlatformPolicies.Secretariat;
    public const string PartnerOrSecretariat = PlatformPolicies.PartnerOrSecretariat;
}

/// <summary>
/// One gateway route: a path (and methods) of one service, who may call it, its rate limit, whether its
/// answers are cached, and its request body limit.
/// </summary>
public sealed record RouteRule(
    string Id,
    string Service,
    string Path,
    string[]? Methods,
    string Access,
    string? RateLimit = null,
    bool Cached = false,
    long? MaxRequestBodySize = null,
    int Order = 0);

/// <summary>
/// The gateway's route table. Specific routes first (lower order); then, for each service, public reads
/// (GET/HEAD, anonymous, cached) and writes (any other method, <c>secretariat</c>).
/// </summary>
public static class RouteRules
{
    public const string PublicForms = "public-forms";
    private static readonly string[] Reads = ["GET", "HEAD"];
    private static readonly string[] Post = ["POST"];

    public static IReadOnlyList<RouteRule> All { get; } = Build();

    private static List<RouteRule> Build()
    {
        var rules = new List<RouteRule>
        {
            // Meetings: partners register their own delegations (the service checks the partner). Submitting is
            // authenticated, so the per-token limit (Gateway:PerClient) applies, not the per-address public-forms one:
            // a delegation registering its members, or several partners behind one proxy, must not hit 429.
            new("registrations-csv", ResourceNames.Meetings, "/api/meetings/{id}/registrations.csv", Reads, Access.Secretariat, Order: -10),
            new("registrations-submit", ResourceNames.Meetings, "/api/meetings/{id}/registrations", Post, Access.PartnerOrSecretariat, Order: -10),
            new("registrations", ResourceNames.Meetings, "/api/meetings/{id}/registrations/{**rest}", null, Access.PartnerOrSecretariat, Order: -5),

            // Subscriptions: the newsletter forms are public (rate-limited), its statistics and the webhooks are not.
            new("newsletter-stats", ResourceNames.Subscriptions, "/api/subscriptions/newsletter/stats", Reads, Access.Secretariat, Order: -10),
            new("newsletter", ResourceNames.Subscriptions, "/api/subscriptions/newsletter/{**rest}", null, Access.Anonymous, PublicForms, Order: -5),
            new("webhooks", ResourceNames.Subscriptions, "/api/subscriptions/webhooks/{**rest}", null, Access.Secretariat, Order: -5),

            // Publications: uploads may be large.
            new("publication-files", ResourceNames.Publications, "/api/publications/{id}/files", Post, Access.Secretariat,
                MaxRequestBodySize: 100L * 1024 * 1024, Order: -10),
            // Downloads and their counts are anonymous but never cached here: every hit must reach the service to be
            // counted, large files must not sit in the gateway's memory, and Range/ETag are answered by the service.
            new("publication-downloads", ResourceNames.Publications, "/api/publications/{slug}/files/{**rest}", Reads, Access.Anonymous, Order: -10),
            new("publication-stats", ResourceNames.Publications, "/api/publications/{slug}/stats", Reads, Access.Anonymous, Order: -10),

            // Content: the project inventory's CSV import may exceed the default body limit.
            new("projects-import", ResourceNames.Content, "/api/content/projects/import", Post, Access.Secretariat,
                MaxRequestBodySize: 5L * 1024 * 1024, Order: -10),
            // Content, news and pages: previews are anonymous (the token is the key) but never cached;
            // revisions are the Secretariat's.
            new("news-preview", ResourceNames.Content, "/api/content/news/preview", Reads, Access.Anonymous, Order: -10),
            new("pages-preview", ResourceNames.Content, "/api/content/pages/preview", Reads, Access.Anonymous, Order: -10),
            new("news-revisions", ResourceNames.Content, "/api/content/news/{id}/revisions", Reads, Access.Secretariat, Order: -10),
            new("pages-revisions", ResourceNames.Content, "/api/content/pages/{id}/revisions", Reads, Access.Secretariat, Order: -10),

            // Search: rebuilding is the Secretariat's.
            new("search-rebuild", ResourceNames.Search, "/api/search/rebuild/{**rest}", null, Access.Secretariat, Order: -5),
        };

        foreach (var service in ResourceNames.Services)
        {
            rules.Add(new($"{service}-reads", service, $"/api/{service}/{{**rest}}", Reads, Access.Anonymous, Cached: true));
            rules.Add(new($"{service}-writes", service, $"/api/{service}/{{**rest}}", null, Access.Secretariat, Order: 10));
        }

        return rules;
    }
}
