using RabatPlatform.Content.Features.Partners;

namespace RabatPlatform.Content.Features.Chairmanships;

public sealed record ChairmanshipView(
    Guid Id, string PartnerCode, string? PartnerName, IReadOnlyDictionary<string, string>? PartnerNames,
    DateOnly From, DateOnly? To, bool Current)
{
    public static ChairmanshipView Of(Chairmanship c, Partner? partner, string language, DateOnly today) =>
        new(c.Id, c.PartnerCode, partner?.Name(language), partner?.Names(), c.From, c.To, c.Covers(today));
}
