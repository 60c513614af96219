namespace RabatPlatform.Contracts;

/// <summary>
/// The names of the platform's resources, used alike by the AppHost, the services' configuration
/// (connection strings, service discovery) and the tests.
/// </summary>
public static class ResourceNames
{
    public const string Messaging = "messaging";
    public const string Smtp = "smtp";

    /// <summary>The Redis server that holds the gateway's shared state (output cache, rate-limit windows).</summary>
    public const string Redis = "redis";

    /// <summary>The PostgreSQL server that holds every service's database (one database each).</summary>
    public const string Postgres = "postgres";

    public const string ContentDb = "contentdb";
    public const string MeetingsDb = "meetingsdb";
    public const string PublicationsDb = "publicationsdb";
    public const string SubscriptionsDb = "subscriptionsdb";
    public const string SearchDb = "searchdb";

    public const string Content = "content";
    public const string Meetings = "meetings";
    public const string Publications = "publications";
    public const string Subscriptions = "subscriptions";
    public const string Search = "search";
    public const string Gateway = "gateway";

    /// <summary>The services behind the gateway, each routed at <c>/api/{name}</c>.</summary>
    public static readonly IReadOnlyList<string> Services = [Content, Meetings, Publications, Subscriptions, Search];
}
