using System.Globalization;
using RabatPlatform.Contracts;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>
/// Each service's piece of the test platform (<see cref="PlatformFixture"/>): the settings it runs with in
/// the tests, beside its database and broker. Background loops poll fast, so that tests wait little.
/// </summary>
public static class ServiceTestSettings
{
    public static Dictionary<string, string?> Content() => new()
    {
        ["Content:Scheduler:Interval"] = "00:00:00.200",
    };

    public static Dictionary<string, string?> Meetings() => new()
    {
        ["Meetings:JobInterval"] = "00:00:00.200",
        ["Meetings:OfferDuration"] = "3.00:00:00",
        ["Meetings:DeadlineReminderDays"] = "7",
        ["Meetings:PersonalDataRetention"] = "30.00:00:00",
        // Correctness, not speed, is tested: on a loaded machine a rush may queue for long.
        ["Meetings:WriteQueueTimeout"] = "00:05:00",
    };

    public static Dictionary<string, string?> Publications(string storage) => new()
    {
        ["Publications:Storage:Path"] = storage,
        ["Publications:MaxUploadBytes"] = PlatformFixture.PublicationsMaxUploadBytes.ToString(CultureInfo.InvariantCulture),
        ["Publications:Downloads:FlushInterval"] = "01:00:00", // tests flush explicitly (DownloadCounter.FlushAsync)
    };

    public static Dictionary<string, string?> Subscriptions() => new()
    {
        // Webhook test receivers listen on plain http in a reserved loopback port range; nothing else private is allowed.
        // The strict address policy is set explicitly: Development's own defaults (appsettings.Development.json)
        // allow every private and loopback target, and the SSRF tests need the production policy.
        ["Webhooks:AllowHttp"] = "true",
        ["Webhooks:AllowPrivateNetworks"] = "false",
        ["Webhooks:SecretKeys:" + PlatformFixture.WebhookSecretKeyId] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["Webhooks:ActiveSecretKey"] = PlatformFixture.WebhookSecretKeyId,
        ["Webhooks:AllowedTargets:0"] = $"127.0.0.1:{WebhookReceiver.FirstPort}-{WebhookReceiver.LastPort}",
        ["Webhooks:PollInterval"] = "00:00:00.100",
        // A website's links, as in production (Development's own defaults point at the local gateway's API).
        ["Subscriptions:PublicBaseUrl"] = "https://www.rabat-process.test",
        ["Subscriptions:ItemLinks"] = "Website",
        ["Subscriptions:Mail:PollInterval"] = "00:00:00.200",
        ["Subscriptions:Mail:MessagesPerSecond"] = "200",
        ["Subscriptions:Mail:FirstRetryDelay"] = "00:00:01",
    };

    public static Dictionary<string, string?> Search() => [];

    /// <summary>The gateway: the broker (for cache eviction), its policies, and where each service listens.</summary>
    public static Dictionary<string, string?> Gateway(string rabbit, IReadOnlyDictionary<string, string> services)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ResourceNames.Messaging}"] = rabbit,
            ["Gateway:CorsOrigins:0"] = PlatformFixture.AllowedOrigin,
            ["Gateway:PublicForms:PermitLimit"] = PlatformFixture.PublicFormsLimit.ToString(CultureInfo.InvariantCulture),
            ["Gateway:PublicForms:Window"] = "00:10:00",
            ["Gateway:PerClient:PermitLimit"] = "1000000",
        };
        foreach (var (service, address) in services)
        {
            settings[$"services:{service}:http:0"] = address;
        }

        return settings;
    }
}
