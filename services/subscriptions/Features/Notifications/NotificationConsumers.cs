using MassTransit;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence.Inbox;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Subscriptions.Features.Email;
using RabatPlatform.Subscriptions.Features.Newsletter;

namespace RabatPlatform.Subscriptions.Features.Notifications;

internal static class NotificationTexts
{
    public static Dictionary<string, NotificationText> From(
        IReadOnlyDictionary<string, TranslatedText> translations, NotificationFanOut fanOut, string section) =>
        translations.Where(t => Languages.IsSupported(t.Key) && !string.IsNullOrWhiteSpace(t.Value.Title))
            .ToDictionary(t => t.Key, t => new NotificationText(t.Value.Title, t.Value.Summary, fanOut.Url(t.Key, section, t.Value.Slug)));
}

public sealed class NewsPublishedNotifier(SubscriptionsDbContext db, TimeProvider time, ILogger<NewsPublishedNotifier> logger, NotificationFanOut fanOut)
    : IdempotentConsumer<NewsPublished, SubscriptionsDbContext>(db, time, logger)
{
    protected override Task HandleAsync(NewsPublished message, ConsumeContext<NewsPublished> context) =>
        !fanOut.IsRecent(message.PublishedAt, Time.GetUtcNow())
            ? Task.CompletedTask
            : fanOut.EnqueueAsync(Db, "news", message.NewsId, NotificationTexts.From(message.Translations, fanOut, "news"),
            [NewsletterRules.News, .. message.Tags], Time.GetUtcNow(), context.CancellationToken);
}

public sealed class MeetingAnnouncedNotifier(SubscriptionsDbContext db, TimeProvider time, ILogger<MeetingAnnouncedNotifier> logger, NotificationFanOut fanOut)
    : IdempotentConsumer<MeetingAnnounced, SubscriptionsDbContext>(db, time, logger)
{
    protected override Task HandleAsync(MeetingAnnounced message, ConsumeContext<MeetingAnnounced> context) =>
        message.Meeting.EndDate < DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime)
            ? Task.CompletedTask
            : fanOut.EnqueueAsync(Db, "meeting", message.MeetingId, NotificationTexts.From(message.Meeting.Translations, fanOut, "meetings"),
            [NewsletterRules.Meetings, .. message.Meeting.Themes], Time.GetUtcNow(), context.CancellationToken);
}

public sealed class PublicationPublishedNotifier(
    SubscriptionsDbContext db, TimeProvider time, ILogger<PublicationPublishedNotifier> logger, NotificationFanOut fanOut)
    : IdempotentConsumer<PublicationPublished, SubscriptionsDbContext>(db, time, logger)
{
    protected override Task HandleAsync(PublicationPublished message, ConsumeContext<PublicationPublished> context) =>
        !fanOut.IsRecent(new DateTimeOffset(message.Publication.PublishedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), Time.GetUtcNow())
            ? Task.CompletedTask
            : fanOut.EnqueueAsync(Db, "publication", message.PublicationId,
            NotificationTexts.From(message.Publication.Translations, fanOut, "publications"),
            [NewsletterRules.Publications, .. message.Publication.Themes], Time.GetUtcNow(), context.CancellationToken);
}
