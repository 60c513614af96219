using Microsoft.AspNetCore.Mvc;

namespace RabatPlatform.Search.Features.Rebuild;

/// <summary><c>GET /api/search/rebuild/{id}</c>.</summary>
public sealed record GetRebuildRequest([property: FromRoute(Name = "id")] Guid Id);
