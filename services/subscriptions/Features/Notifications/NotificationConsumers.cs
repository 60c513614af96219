using MassTransit;
using RabatPlatform.Contracts;
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

public sealed class NewsPublishedNotifier(SubscriptionsDbContext db, TimeProvider time, NotificationFanOut fanOut)
    : IConsumer<NewsPublished>
{
    public Task Consume(ConsumeContext<NewsPublished> context) => Consume(context.Message, context.CancellationToken);

    private Task Consume(NewsPublished message, CancellationToken cancellationToken) =>
        !fanOut.IsRecent(message.PublishedAt, time.GetUtcNow())
            ? Task.CompletedTask
            : fanOut.EnqueueAsync(db, "news", message.NewsId, NotificationTexts.From(message.Translations, fanOut, "news"),
            [NewsletterRules.News, .. message.Tags], time.GetUtcNow(), cancellationToken);
}

public sealed class MeetingAnnouncedNotifier(SubscriptionsDbContext db, TimeProvider time, NotificationFanOut fanOut)
    : IConsumer<MeetingAnnounced>
{
    public Task Consume(ConsumeContext<MeetingAnnounced> context) => Consume(context.Message, context.CancellationToken);

    private Task Consume(MeetingAnnounced message, CancellationToken cancellationToken) =>
        message.Meeting.EndDate < DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)
            ? Task.CompletedTask
            : fanOut.EnqueueAsync(db, "meeting", message.MeetingId, NotificationTexts.From(message.Meeting.Translations, fanOut, "meetings"),
            [NewsletterRules.Meetings, .. message.Meeting.Themes], time.GetUtcNow(), cancellationToken);
}

public sealed class PublicationPublishedNotifier(SubscriptionsDbContext db, TimeProvider time, NotificationFanOut fanOut)
    : IConsumer<PublicationPublished>
{
    public Task Consume(ConsumeContext<PublicationPublished> context) => Consume(context.Message, context.CancellationToken);

    private Task Consume(PublicationPublished message, CancellationToken cancellationToken) =>
        !fanOut.IsRecent(new DateTimeOffset(message.Publication.PublishedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), time.GetUtcNow())
            ? Task.CompletedTask
            : fanOut.EnqueueAsync(db, "publication", message.PublicationId,
            NotificationTexts.From(message.Publication.Translations, fanOut, "publications"),
            [NewsletterRules.Publications, .. message.Publication.Themes], time.GetUtcNow(), cancellationToken);
}
