using Microsoft.AspNetCore.Mvc;

namespace RabatPlatform.Content.Features.Frameworks;

/// <summary>A framework, domain or objective by its code (<c>/api/content/frameworks/{code}</c>).</summary>
public sealed record FrameworkCodeRequest([FromRoute(Name = "code")] string Code);

/// <summary>A GCM objective by its number, as written in the route (<c>/api/content/gcm-objectives/{n}</c>).</summary>
public sealed record GcmObjectiveRequest([FromRoute(Name = "n")] string N);
