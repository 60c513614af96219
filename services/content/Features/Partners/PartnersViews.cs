using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Partners;

public sealed record PartnerView(
    string Code, string Type, string Status, string Name, IReadOnlyDictionary<string, string> Names, DateOnly? MemberSince)
{
    public static PartnerView From(Partner p, string language) =>
        new(p.Code, p.Type, p.Status, p.Name(language), p.Names(), p.MemberSince);
}

/// <summary>A whole (small) list: <c>{"items":[…],"total":N}</c>.</summary>
public sealed record ItemList<T>(IReadOnlyList<T> Items, int Total);
