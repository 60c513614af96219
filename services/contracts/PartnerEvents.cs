namespace RabatPlatform.Contracts;

/// <summary>
/// A partner or observer of the dialogue as its events carry it. <c>Code</c>: ISO 3166-1 alpha-2 for a
/// country (<c>MA</c>, <c>ES</c>), an upper-case short name for an organisation (<c>EU</c>, <c>ECOWAS</c>).
/// <c>Type</c>: country, organisation. <c>Status</c>: partner, observer. <c>Names</c> keyed by language (fr, en).
/// </summary>
public sealed record PartnerData(
    string Code,
    string Type,
    string Status,
    IReadOnlyDictionary<string, string> Names,
    DateOnly? MemberSince);

[EventType("partner.registered")]
public sealed record PartnerRegistered(Guid EventId, DateTimeOffset OccurredAt, PartnerData Partner) : IIntegrationEvent;

[EventType("partner.updated")]
public sealed record PartnerUpdated(Guid EventId, DateTimeOffset OccurredAt, PartnerData Partner) : IIntegrationEvent;

/// <summary>The chairmanship of the dialogue changed hands (or its dates were corrected).</summary>
[EventType("chairmanship.changed")]
public sealed record ChairmanshipChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid ChairmanshipId,
    string PartnerCode,
    DateOnly From,
    DateOnly? To) : IIntegrationEvent;
