using Microsoft.AspNetCore.Mvc;

namespace RabatPlatform.Content.Features.Alignment;

/// <summary>One objective's row of the matrix (<c>/api/content/gcm-alignment/{n}</c>), its number as written in the route.</summary>
public sealed record ObjectiveAlignmentRequest([FromRoute(Name = "n")] string N);
