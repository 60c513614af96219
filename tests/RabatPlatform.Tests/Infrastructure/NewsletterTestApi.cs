using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>Newsletter helpers: gateway clients, subscribing and confirming through mail, publishing events.</summary>
public static partial class NewsletterTestApi
{
    private static int nextIp;

    /// <summary>
    /// A gateway client whose every request comes from a new client address (X-Forwarded-For, trusted from loopback):
    /// the newsletter routes are rate-limited per client at the gateway, and a test sends more than one form.
    /// </summary>
    public static HttpClient Client(PlatformFixture platform) => platform.Gateway.CreateDefaultClient(new FreshAddressHandler());

    public static string NewAddress(string prefix = "sub") => $"{prefix}-{Guid.NewGuid():N}@example.org";

    public static Task<HttpResponseMessage> SubscribeAsync(HttpClient client, string email, string language, params string[] topics) =>
        client.PostAsJsonAsync("/api/subscriptions/newsletter", new { email, language, topics });

    /// <summary>Subscribes, reads the confirmation mail, confirms (the POST of the link's page); returns the manage token from its List-Unsubscribe header.</summary>
    public static async Task<string> SubscribeAndConfirmAsync(HttpClient client, string email, string language, params string[] topics)
    {
        var before = Mailbox.To(email).Count;
        Assert.Equal(HttpStatusCode.Accepted, (await SubscribeAsync(client, email, language, topics)).StatusCode);
        var confirmation = (await Mailbox.WaitForAsync(email, before + 1)).Last();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(ConfirmPath(confirmation), null)).StatusCode);
        return ManageToken(confirmation);
    }

    /// <summary>The gateway path of the confirmation link in a confirmation mail's text part.</summary>
    public static string ConfirmPath(MimeMessage message) =>
        ConfirmLink().Match(message.TextBody ?? "").Groups[1].Value is { Length: > 0 } path ? path : throw new InvalidOperationException("no confirmation link");

    public static string ManageToken(MimeMessage message) =>
        TokenInHeader().Match(message.Headers["List-Unsubscribe"] ?? "").Groups[1].Value is { Length: > 0 } token
            ? Uri.UnescapeDataString(token) : throw new InvalidOperationException("no List-Unsubscribe token");

    public static string UnsubscribePath(MimeMessage message) =>
        new Uri(HttpsLink().Match(message.Headers["List-Unsubscribe"] ?? "").Groups[1].Value).PathAndQuery;

    public static string Q(string token) => Uri.EscapeDataString(token);

    public static NewsPublished News(Guid newsId, string? frTitle, string? enTitle, params string[] tags)
    {
        var translations = new Dictionary<string, TranslatedText>();
        if (frTitle is not null)
        {
            translations["fr"] = new TranslatedText(frTitle, "Résumé en français", "<p>Corps</p>", "fr-" + newsId.ToString("N")[..8]);
        }

        if (enTitle is not null)
        {
            translations["en"] = new TranslatedText(enTitle, "English summary", "<p>Body</p>", "en-" + newsId.ToString("N")[..8]);
        }

        return new NewsPublished(Guid.NewGuid(), DateTimeOffset.UtcNow, newsId, DateTimeOffset.UtcNow, translations, tags);
    }

    /// <summary>Waits until the subscriptions service has consumed <paramref name="eventId"/> on the queue <paramref name="consumer"/> (its inbox key).</summary>
    public static async Task WaitConsumedAsync(PlatformFixture platform, Guid eventId, string consumer)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await platform.InDbAsync<SubscriptionsDbContext, bool>(platform.Subscriptions.Services,
                   db => db.InboxMessages.AnyAsync(m => m.MessageId == eventId && m.Consumer == consumer)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"event {eventId} not consumed by {consumer}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until no mail is queued or being sent.</summary>
    public static async Task WaitQueueDrainedAsync(PlatformFixture platform)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await platform.InDbAsync<SubscriptionsDbContext, bool>(platform.Subscriptions.Services,
                   db => db.MailQueue.AnyAsync(m => m.State == "queued" || m.State == "sending")))
        {
            Assert.True(DateTime.UtcNow < deadline, "mail queue not drained");
            await Task.Delay(100);
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, bool> SearchIndexed = new();

    public static Task PublishAsync<T>(PlatformFixture platform, T message) where T : class
    {
        if (message is NewsPublished or MeetingAnnounced or PublicationPublished)
        {
            SearchIndexed[((IIntegrationEvent)message).EventId] = true;
        }

        return platform.Meetings.Services.GetRequiredService<MassTransit.IBus>().Publish(message);
    }

    /// <summary>
    /// Lets the search service finish indexing the content events a test published (it consumes them too), so
    /// the next test's reset does not truncate under its feet. Gives up quietly after 20 s.
    /// </summary>
    public static async Task WaitSearchSettledAsync(PlatformFixture platform)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!SearchIndexed.IsEmpty && DateTime.UtcNow < deadline)
        {
            var ids = SearchIndexed.Keys.ToList();
            var done = await platform.InDbAsync<RabatPlatform.Search.Data.SearchDbContext, List<Guid>>(platform.Search.Services,
                db => db.InboxMessages.Where(m => ids.Contains(m.MessageId)).Select(m => m.MessageId).Distinct().ToListAsync());
            foreach (var id in done)
            {
                SearchIndexed.TryRemove(id, out _);
            }

            if (!SearchIndexed.IsEmpty)
            {
                await Task.Delay(100);
            }
        }

        SearchIndexed.Clear();
    }

    [GeneratedRegex(@"https?://[^/\s]+(/api/subscriptions/newsletter/confirm\?token=\S+)")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex(@"unsubscribe\?token=([^>\s]+)>")]
    private static partial Regex TokenInHeader();

    [GeneratedRegex(@"<(https://[^>]+)>")]
    private static partial Regex HttpsLink();

    private sealed class FreshAddressHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref nextIp);
            request.Headers.Remove("X-Forwarded-For");
            request.Headers.Add("X-Forwarded-For", $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
