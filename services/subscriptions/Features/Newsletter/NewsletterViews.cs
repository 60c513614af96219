using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Subscriptions.Features.Newsletter;

public sealed record SubscribeAccepted(string Status, string Message);

public sealed record PreferencesView(string Email, string Language, IReadOnlyList<string> Topics, string State)
{
    public static PreferencesView From(Subscriber s) => new(s.Email!, s.Language, s.Topics, s.State);
}

public sealed record SubscriberExport(
    Guid Id,
    string? Email,
    string EmailHash,
    string Language,
    IReadOnlyList<string> Topics,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? RequestedAt,
    string? RequestIpHash,
    DateTimeOffset? ConsentAt,
    string? ConsentIpHash,
    DateTimeOffset? UnsubscribedAt,
    DateTimeOffset? BouncedAt,
    IReadOnlyList<ExportedMail> Mails,
    IReadOnlyList<ExportedDelivery> Deliveries)
{
    public static SubscriberExport From(Subscriber s, IReadOnlyList<ExportedMail> mails, IReadOnlyList<ExportedDelivery> deliveries) => new(
        s.Id, s.Email, s.EmailHash, s.Language, s.Topics, s.State, s.CreatedAt, s.UpdatedAt,
        s.RequestedAt, s.RequestIpHash, s.ConsentAt, s.ConsentIpHash, s.UnsubscribedAt, s.BouncedAt, mails, deliveries);
}

public sealed record ExportedMail(Guid Id, string Kind, string? ItemKey, string State, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

public sealed record ExportedDelivery(Guid MailId, string Kind, string Outcome, int? SmtpStatus, DateTimeOffset At);

public sealed record StatsRow(string State, string Language, int Count);

public sealed record NewsletterStats(
    int Total, IReadOnlyDictionary<string, int> ByState, IReadOnlyDictionary<string, int> ByLanguage, IReadOnlyList<StatsRow> ByStateAndLanguage)
{
    public static NewsletterStats From(IReadOnlyList<StatsRow> rows) => new(
        rows.Sum(r => r.Count),
        SubscriberStates.All.ToDictionary(s => s, s => rows.Where(r => r.State == s).Sum(r => r.Count)),
        RabatPlatform.Contracts.Languages.All.ToDictionary(l => l, l => rows.Where(r => r.Language == l).Sum(r => r.Count)),
        rows.OrderBy(r => r.State, StringComparer.Ordinal).ThenBy(r => r.Language, StringComparer.Ordinal).ToList());
}
