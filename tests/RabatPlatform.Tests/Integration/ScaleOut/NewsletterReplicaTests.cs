using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using RabatPlatform.Subscriptions;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Subscriptions.Features.Email;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.ScaleOut;

/// <summary>
/// A newsletter with two replicas of the subscriptions service: both consume from the notifications queue and both
/// mail senders claim rows of the one mail queue (batches of 5 here), and each subscriber receives the mail once; also
/// when sending is slower than a claim lasts.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class NewsletterReplicaTests(ScaleOutFixture fixture)
{
    [Fact]
    public async Task A_newsletter_sent_by_two_replicas_reaches_each_subscriber_exactly_once()
    {
        await NewsletterReachesEachSubscriberOnceAsync(await fixture.SubscriptionsAsync(), 40);
    }

    [Fact]
    public async Task A_mail_whose_claim_runs_out_while_its_batch_is_being_sent_is_left_to_the_next_claim_not_sent_twice()
    {
        // Each replica sends 2 mails a second and claims 10 at a time for 3 s: the tail of a batch would go out after
        // its claim ran out, when the other replica has claimed it again. The sender sends a mail only while its claim
        // has time left, and leaves the others to the next claim.
        await NewsletterReachesEachSubscriberOnceAsync(await fixture.SlowMailAsync(), 12);
    }

    private static async Task NewsletterReachesEachSubscriberOnceAsync(Replicas<SubscriptionsApiMarker> subscriptions, int count)
    {
        var maildir = (await TestServers.GetAsync()).Maildir
            ?? throw new InvalidOperationException("No Maildir: the test infrastructure runs in container mode (Mailpit) or RABAT_TEST_MAILDIR is not set.");
        var now = DateTimeOffset.UtcNow;
        var run = Guid.NewGuid().ToString("N")[..8];
        var addresses = Enumerable.Range(0, count).Select(i => $"scale-{run}-{i}@example.org").ToList();
        await subscriptions.InDbAsync<SubscriptionsDbContext, int>(db =>
        {
            db.NewsletterSubscribers.AddRange(addresses.Select(email => new Subscriber
            {
                Id = Guid.CreateVersion7(), Email = email, EmailHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
                    System.Text.Encoding.UTF8.GetBytes(email))).ToLowerInvariant(),
                Language = "en", Topics = [], State = SubscriberStates.Confirmed, Stamp = run, CreatedAt = now, UpdatedAt = now, ConsentAt = now,
            }));
            return db.SaveChangesAsync();
        });

        // The news is published: a replica fans it out into the mail queue, both senders drain it.
        var news = NewsletterTestApi.News(Guid.NewGuid(), null, $"Scale-out news {run}");
        await subscriptions[0].Services.GetRequiredService<IBus>().Publish(news);
        await TestApi.WaitUntilAsync(() => Task.FromResult(Count(maildir, addresses).Values.All(n => n >= 1)),
            TimeSpan.FromSeconds(45), $"each of the {count} subscribers has the mail");

        await Task.WhenAll(subscriptions.Hosts.Select(h => PlatformFixture.RoundsAsync<MailSender>(h.Services, 3)));
        var received = Count(maildir, addresses);
        var log = await subscriptions.InDbAsync<SubscriptionsDbContext, List<string>>(async db =>
            (await db.MailDeliveryLog.Where(l => db.NewsletterSubscribers.Any(s => s.Id == l.SubscriberId && s.Stamp == run)).OrderBy(l => l.At)
                .Select(l => new { l.MailId, l.Outcome, l.At, l.Detail }).ToListAsync()).Select(l => $"{l.MailId} {l.Outcome} {l.At:HH:mm:ss.fff} {l.Detail}").ToList());
        Assert.True(received.Values.All(n => n == 1),
            $"mails per subscriber: {string.Join(", ", received.Values)}; the delivery log:\n{string.Join("\n", log)}");
        var sent = await subscriptions.InDbAsync<SubscriptionsDbContext, int>(db =>
            db.MailDeliveryLog.CountAsync(l => l.Outcome == "sent" && db.NewsletterSubscribers.Any(s => s.Id == l.SubscriberId && s.Stamp == run)));
        Assert.Equal(count, sent);
    }

    /// <summary>The messages in the Maildir to each address (headers only).</summary>
    private static Dictionary<string, int> Count(string maildir, List<string> addresses)
    {
        var counts = addresses.ToDictionary(a => a, _ => 0, StringComparer.OrdinalIgnoreCase);
        foreach (var (_, headers) in Mailbox.Headers(maildir))
        {
            foreach (var mailbox in Mailbox.Recipients(headers))
            {
                if (counts.ContainsKey(mailbox.Address))
                {
                    counts[mailbox.Address]++;
                }
            }
        }

        return counts;
    }
}
