using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Subscriptions.Features.Email;
using RabatPlatform.Subscriptions.Features.Newsletter;

namespace RabatPlatform.Subscriptions.Features.Notifications;

/// <summary>
/// Records a notification item and queues one mail per matching confirmed subscriber, in keyset batches of
/// set-based <c>INSERT … SELECT</c>: nothing per subscriber is loaded into memory. The unique
/// (subscriber, item) index makes it exactly once per subscriber and item, whatever the redeliveries or re-publications.
/// </summary>
public sealed class NotificationFanOut(IOptions<NewsletterOptions> options)
{
    private readonly NewsletterOptions settings = options.Value;

    /// <summary>Whether an item dated <paramref name="date"/> is news enough to mail about (see <see cref="NewsletterOptions.NotifyMaxAge"/>).</summary>
    public bool IsRecent(DateTimeOffset date, DateTimeOffset now) => date >= now - settings.NotifyMaxAge;

    /// <summary>An item's link in a notification (<paramref name="section"/>: <c>news</c>, <c>meetings</c> or <c>publications</c>).</summary>
    public string Url(string language, string section, string slug) => settings.ItemLinks == ItemLinkStyle.Api
        ? $"{settings.PublicBaseUrl.TrimEnd('/')}/api/{ApiPath(section)}/by-slug/{Uri.EscapeDataString(slug)}?lang={language}"
        : $"{settings.PublicBaseUrl.TrimEnd('/')}/{language}/{section}/{Uri.EscapeDataString(slug)}";

    /// <summary>Where the gateway serves an item of a section by its slug (GET, anonymous, either language's slug).</summary>
    private static string ApiPath(string section) => section switch
    {
        "news" => "content/news",
        "meetings" => "meetings",
        "publications" => "publications",
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, "No public read for this section."),
    };

    /// <summary>Runs inside the caller's transaction (the consumer's inbox transaction). Returns the rows queued.</summary>
    public async Task<int> EnqueueAsync(
        SubscriptionsDbContext db, string kind, Guid itemId, IReadOnlyDictionary<string, NotificationText> texts,
        IEnumerable<string> topics, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = $"{kind}:{itemId}";
        var itemTopics = topics.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToArray();
        var json = JsonSerializer.Serialize(
            texts.Where(t => Languages.IsSupported(t.Key)).ToDictionary(t => t.Key, t => t.Value), JsonSerializerOptions.Web);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO notification_items (key, kind, topics, texts, created_at)
            VALUES ({key}, {kind}, {itemTopics}, {json}::jsonb, {now})
            ON CONFLICT (key) DO UPDATE SET topics = excluded.topics, texts = excluded.texts
            """, cancellationToken);

        var total = 0;
        var after = Guid.Empty;
        var batch = Math.Max(1, settings.FanOutBatchSize);
        while (true)
        {
            var result = await db.Database.SqlQuery<BatchResult>($"""
                WITH batch AS (
                    SELECT id FROM newsletter_subscribers
                    WHERE state = 'confirmed' AND id > {after} AND (cardinality(topics) = 0 OR topics && {itemTopics})
                    ORDER BY id
                    LIMIT {batch}),
                inserted AS (
                    INSERT INTO mail_queue (id, kind, subscriber_id, item_key, state, attempts, next_attempt_at, created_at)
                    SELECT gen_random_uuid(), 'notification', id, {key}, 'queued', 0, {now}, {now} FROM batch
                    ON CONFLICT (subscriber_id, item_key) WHERE item_key IS NOT NULL DO NOTHING
                    RETURNING 1)
                SELECT (SELECT id FROM batch ORDER BY id DESC LIMIT 1) AS "Last",
                       (SELECT count(*) FROM batch)::int AS "Seen",
                       (SELECT count(*) FROM inserted)::int AS "Inserted"
                """).ToListAsync(cancellationToken);
            var row = result[0];
            total += row.Inserted;
            if (row.Last is not { } last || row.Seen < batch)
            {
                return total;
            }

            after = last;
        }
    }

    private sealed record BatchResult(Guid? Last, int Seen, int Inserted);
}
