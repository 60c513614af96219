namespace RabatPlatform.Content;

/// <summary>Marker for the service's assembly (tests host it with WebApplicationFactory).</summary>
public sealed class ContentApiMarker;
