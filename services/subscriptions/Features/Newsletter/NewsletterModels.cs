namespace RabatPlatform.Subscriptions.Features.Newsletter;

/// <summary><c>{"email","language","topics":[…]}</c></summary>
public sealed record SubscribeRequest(string? Email, string? Language, List<string?>? Topics);

/// <summary><c>{"language","topics":[…]}</c></summary>
public sealed record PreferencesRequest(string? Language, List<string?>? Topics);

public sealed record SubscribeAccepted(string Status, string Message);

public sealed record PreferencesView(string Email, string Language, IReadOnlyList<string> Topics, string State);

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
    IReadOnlyList<ExportedDelivery> Deliveries);

public sealed record ExportedMail(Guid Id, string Kind, string? ItemKey, string State, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

public sealed record ExportedDelivery(Guid MailId, string Kind, string Outcome, int? SmtpStatus, DateTimeOffset At);

public sealed record StatsRow(string State, string Language, int Count);

public sealed record NewsletterStats(
    int Total, IReadOnlyDictionary<string, int> ByState, IReadOnlyDictionary<string, int> ByLanguage, IReadOnlyList<StatsRow> ByStateAndLanguage);
