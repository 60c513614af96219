using Ganss.Xss;

namespace RabatPlatform.Content;

public static class ContentFeatures
{
    public static IServiceCollection AddContentFeatures(this IServiceCollection services)
    {
        services.AddSingleton<IHtmlSanitizer>(_ => new HtmlSanitizer());
        return services;
    }
}

/// <summary>Marker for the service's assembly (tests host it with WebApplicationFactory).</summary>
public sealed class ContentApiMarker;
