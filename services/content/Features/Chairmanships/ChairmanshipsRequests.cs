using Microsoft.AspNetCore.Mvc;

namespace RabatPlatform.Content.Features.Chairmanships;

/// <summary>A chairmanship by its id.</summary>
public sealed record ChairmanshipIdRequest([FromRoute(Name = "id")] Guid Id);

/// <summary><c>{"partnerCode":"MA","from":"2024-01-01","to":"2024-12-31"}</c> (no <c>to</c>: still chairing).</summary>
public sealed record ChairmanshipWriteRequest(string? PartnerCode, DateOnly? From, DateOnly? To);
