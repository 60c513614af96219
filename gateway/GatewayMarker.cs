namespace RabatPlatform.Gateway;

/// <summary>Marker for the gateway's assembly (tests host it with WebApplicationFactory).</summary>
public sealed class GatewayMarker;
