using Microsoft.AspNetCore.Mvc;

namespace RabatPlatform.Content.Features.Partners;

/// <summary><c>GET /api/content/partners?type=&amp;status=</c></summary>
public sealed record ListPartnersRequest(
    [FromQuery(Name = "type")] string? Type,
    [FromQuery(Name = "status")] string? Status);

/// <summary>A partner by its code (any case; it is compared upper-case).</summary>
public sealed record PartnerCodeRequest([FromRoute(Name = "code")] string Code)
{
    public string Normalised => Code.Trim().ToUpperInvariant();
}

/// <summary><c>{"code":"MA","type":"country","status":"partner","names":{"fr":"Maroc","en":"Morocco"},"memberSince":"2006-07-10"}</c></summary>
public sealed record PartnerWriteRequest(
    string? Code, string? Type, string? Status, Dictionary<string, string?>? Names, DateOnly? MemberSince);
