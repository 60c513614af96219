using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Partners;

/// <summary><c>{"code":"MA","type":"country","status":"partner","names":{"fr":"Maroc","en":"Morocco"},"memberSince":"2006-07-10"}</c></summary>
public sealed record PartnerWriteRequest(
    string? Code, string? Type, string? Status, Dictionary<string, string?>? Names, DateOnly? MemberSince);
