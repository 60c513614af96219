using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Subscriptions.Features.Email;

/// <summary>Renders a claimed batch of <c>mail_queue</c> rows for <see cref="MailSender"/>.</summary>
internal static class MailBatch
{
    /// <summary>
    /// Each claimed mail's message; null when it no longer should go (the subscriber left, or was erased), or the error that
    /// makes it unsendable. Subscribers and items are read once for the batch, each item's texts parsed once.
    /// </summary>
    public static async Task<List<(QueuedMail Mail, MimeMessage? Message, string? Error)>> PrepareAsync(
        IServiceProvider services, List<QueuedMail> claimed, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<SubscriptionsDbContext>();
        var factory = services.GetRequiredService<MailFactory>();
        var ids = claimed.Where(m => m.SubscriberId is not null).Select(m => m.SubscriberId!.Value).Distinct().ToList();
        var subscribers = ids.Count == 0 ? [] : await db.NewsletterSubscribers.AsNoTracking()
            .Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var keys = claimed.Where(m => m.Message is null && m.ItemKey is not null).Select(m => m.ItemKey!).Distinct().ToList();
        var items = keys.Count == 0 ? [] : await db.NotificationItems.AsNoTracking()
            .Where(i => keys.Contains(i.Key)).ToDictionaryAsync(i => i.Key, cancellationToken);
        var texts = new Dictionary<string, Dictionary<string, NotificationText>>();
        var prepared = new List<(QueuedMail, MimeMessage?, string?)>(claimed.Count);
        foreach (var mail in claimed)
        {
            try
            {
                prepared.Add((mail, await PrepareOneAsync(mail, subscribers, items, texts, factory, cancellationToken), null));
            }
            catch (Exception ex) when (ex is FormatException or ParseException or JsonException or KeyNotFoundException)
            {
                prepared.Add((mail, null, ex.Message));
            }
        }

        return prepared;
    }

    private static async Task<MimeMessage?> PrepareOneAsync(
        QueuedMail mail, Dictionary<Guid, Subscriber> subscribers, Dictionary<string, NotificationItem> items,
        Dictionary<string, Dictionary<string, NotificationText>> texts, MailFactory factory, CancellationToken cancellationToken)
    {
        Subscriber? subscriber = null;
        if (mail.SubscriberId is { } id)
        {
            subscriber = subscribers.GetValueOrDefault(id);
            var wanted = mail.Kind == MailKinds.Confirmation ? SubscriberStates.Pending : SubscriberStates.Confirmed;
            if (subscriber is null || subscriber.State != wanted || subscriber.Email is null)
            {
                return null;
            }
        }

        if (mail.Message is not null)
        {
            using var stream = new MemoryStream(mail.Message);
            return await MimeMessage.LoadAsync(stream, cancellationToken);
        }

        if (mail.ItemKey is null || items.GetValueOrDefault(mail.ItemKey) is not { } item || subscriber is null)
        {
            return null;
        }

        if (!texts.TryGetValue(item.Key, out var itemTexts))
        {
            itemTexts = JsonSerializer.Deserialize<Dictionary<string, NotificationText>>(item.Texts, JsonSerializerOptions.Web) ?? [];
            texts[item.Key] = itemTexts;
        }

        var fallback = !itemTexts.TryGetValue(subscriber.Language, out var text);
        text ??= itemTexts.GetValueOrDefault(Languages.Other(subscriber.Language));
        if (text is null)
        {
            return null;
        }

        return factory.ForSubscriber(subscriber, (preferences, unsubscribe) =>
            MailTemplates.Notification(subscriber.Language, item.Kind, text, fallback, preferences, unsubscribe));
    }
}
