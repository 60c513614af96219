using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Subscriptions.Features.Email;

namespace RabatPlatform.Subscriptions.Features.Newsletter;

/// <summary>The newsletter's use cases over several rows: the double opt-in request, finding a link's subscriber, the erasure.</summary>
public static class NewsletterWorkflow
{
    /// <summary>A confirmation is re-sent to a pending address at most this often.</summary>
    private static readonly TimeSpan ResendInterval = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Starts (or restarts) the double opt-in of an address and queues its confirmation mail. The answer is the
    /// same whatever the address's state: it says nothing about whether it is subscribed.
    /// </summary>
    public static async Task SubscribeAsync(
        SubscriptionsDbContext db, NewsletterTokens tokens, MailFactory mails, ValidSubscription valid, string? ipHash,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hash = tokens.HashEmail(valid.Email);
        var subscriber = await db.NewsletterSubscribers.FirstOrDefaultAsync(s => s.EmailHash == hash, cancellationToken);
        var send = true;
        if (subscriber is null)
        {
            subscriber = new Subscriber { Id = Guid.CreateVersion7(now), EmailHash = hash, CreatedAt = now };
            db.NewsletterSubscribers.Add(subscriber);
        }
        else if (subscriber.State == SubscriberStates.Confirmed)
        {
            send = false; // already subscribed: nothing changes, and the answer says nothing about it
        }
        else if (subscriber.State == SubscriberStates.Pending)
        {
            send = subscriber.RequestedAt is not { } last || now - last >= ResendInterval;
        }

        // Otherwise unsubscribed, bounced or erased: an explicit new request starts a new double opt-in.
        if (send)
        {
            subscriber.Request(valid.Email, valid.Language, valid.Topics, NewsletterTokens.NewStamp(), ipHash, now);
            var confirm = tokens.Create(TokenPurpose.Confirm, subscriber.Id, subscriber.Stamp);
            var message = mails.ForSubscriber(subscriber, (preferences, unsubscribe) =>
                MailTemplates.Confirmation(subscriber.Language, mails.ApiUrl("/confirm", confirm), preferences, unsubscribe), bulk: false);
            db.MailQueue.Add(new QueuedMail
            {
                Id = Guid.CreateVersion7(now), Kind = MailKinds.Confirmation, SubscriberId = subscriber.Id,
                Message = MailFactory.ToBytes(message), NextAttemptAt = now, CreatedAt = now,
            });
        }

        // Two simultaneous first requests for one address: the other one won (unique hash) and sent the confirmation.
        _ = await db.TrySaveChangesAsync(cancellationToken);
    }

    /// <summary>The subscriber a link's token names, if the token is valid for this purpose and its stamp still current.</summary>
    public static async Task<Subscriber?> FindAsync(
        SubscriptionsDbContext db, NewsletterTokens tokens, string? token, TokenPurpose purpose, CancellationToken cancellationToken)
    {
        if (tokens.Read(token, purpose) is not var (id, stamp))
        {
            return null;
        }

        var subscriber = await db.NewsletterSubscribers.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return subscriber is null || subscriber.Stamp != stamp || subscriber.State == SubscriberStates.Erased ? null : subscriber;
    }

    /// <summary>
    /// Erasure: the address, topics, consent record, queued mails and delivery log go; the address hash stays so a
    /// replayed link or request cannot quietly re-activate it (every old link dies with the stamp). A new explicit
    /// subscription starts a new double opt-in. <c>person.erasure_requested</c> (scope newsletter, the address as a
    /// salted fingerprint) tells the other services, which record it.
    /// </summary>
    public static async Task EraseAsync(SubscriptionsDbContext db, Subscriber subscriber, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (subscriber.Email is { } email)
        {
            db.Publish(PersonErasureRequested.For(now, ErasureScopes.Newsletter, null, [email], "subscriber"));
        }

        await EraseSubscriberAsync(db, subscriber, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// This service's part of <c>person.erasure_requested</c> (in the consumer's transaction): for a person, every
    /// subscriber with the address is erased as above, and every registration mail to it (queued or sent, the
    /// rendered message with it) and its delivery log go; for a meeting, the registration mails about that meeting.
    /// Returns how many subscribers and mails went.
    /// </summary>
    public static async Task<(int Subscribers, int Mails)> ErasePersonAsync(
        SubscriptionsDbContext db, PersonErasureRequested erasure, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (erasure.Scope == ErasureScopes.Newsletter)
        {
            return (0, 0); // erased where it was asked (EraseAsync)
        }

        var subscribers = new List<Subscriber>();
        if (erasure.Scope == ErasureScopes.Person)
        {
            var addresses = await db.NewsletterSubscribers.AsNoTracking().Where(s => s.Email != null)
                .Select(s => new { s.Id, s.Email }).ToListAsync(cancellationToken);
            var ids = addresses.Where(a => erasure.Names(a.Email)).Select(a => a.Id).ToList();
            subscribers = await db.NewsletterSubscribers.Where(s => ids.Contains(s.Id)).ToListAsync(cancellationToken);
            foreach (var subscriber in subscribers)
            {
                await EraseSubscriberAsync(db, subscriber, now, cancellationToken);
            }
        }

        var itemKey = erasure.MeetingId is { } meetingId ? RegistrationMailKey(meetingId) : null;
        var recipients = await db.MailQueue.AsNoTracking()
            .Where(m => m.Recipient != null && (itemKey == null || m.ItemKey == itemKey))
            .Select(m => new { m.Id, m.Recipient }).ToListAsync(cancellationToken);
        var mailIds = recipients.Where(m => erasure.Names(m.Recipient)).Select(m => m.Id).ToList();
        await db.MailDeliveryLog.Where(l => mailIds.Contains(l.MailId)).ExecuteDeleteAsync(cancellationToken);
        var mails = await db.MailQueue.Where(m => mailIds.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);
        return (subscribers.Count, mails);
    }

    /// <summary>The item key of a registration mail: the meeting it is about (so a meeting's erasure finds its mails).</summary>
    public static string RegistrationMailKey(Guid meetingId) => $"meeting:{meetingId}";

    private static async Task EraseSubscriberAsync(SubscriptionsDbContext db, Subscriber subscriber, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.MailQueue.Where(m => m.SubscriberId == subscriber.Id).ExecuteDeleteAsync(cancellationToken);
        await db.MailDeliveryLog.Where(l => l.SubscriberId == subscriber.Id).ExecuteDeleteAsync(cancellationToken);
        subscriber.Erase(now, NewsletterTokens.NewStamp());
    }

    /// <summary>Everything kept about a subscriber, their mails and delivery log included.</summary>
    public static async Task<SubscriberExport> ExportAsync(SubscriptionsDbContext db, Subscriber s, CancellationToken cancellationToken)
    {
        var mails = await db.MailQueue.AsNoTracking().Where(m => m.SubscriberId == s.Id).OrderBy(m => m.CreatedAt)
            .Select(m => new ExportedMail(m.Id, m.Kind, m.ItemKey, m.State, m.Attempts, m.CreatedAt, m.SentAt))
            .ToListAsync(cancellationToken);
        var deliveries = await db.MailDeliveryLog.AsNoTracking().Where(l => l.SubscriberId == s.Id).OrderBy(l => l.Id)
            .Select(l => new ExportedDelivery(l.MailId, l.Kind, l.Outcome, l.SmtpStatus, l.At))
            .ToListAsync(cancellationToken);
        return SubscriberExport.From(s, mails, deliveries);
    }
}
