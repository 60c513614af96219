using MassTransit;
using RabatPlatform.Publications.Features.Downloads;
using RabatPlatform.Publications.Features.Feeds;
using RabatPlatform.Publications.Features.Files;
using RabatPlatform.Publications.Features.Meetings;
using RabatPlatform.Publications.Features.Publications;

namespace RabatPlatform.Publications.Features;

public static class PublicationsFeature
{
    /// <summary>Options (<c>Publications:*</c>), the file store, the download counter and its flusher.</summary>
    public static IServiceCollection AddPublicationsFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PublicationsOptions>(configuration.GetSection(PublicationsOptions.Section));
        services.AddSingleton<IFileStorage, LocalFileStorage>();
        services.AddSingleton<DownloadCounter>();
        services.AddHostedService<DownloadCountFlusher>();
        return services;
    }

    public static void AddPublicationsConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<MeetingAnnouncedConsumer>();
        bus.AddConsumer<MeetingUpdatedConsumer>();
        bus.AddConsumer<MeetingCancelledConsumer>();
        bus.AddConsumer<PublicationReindexConsumer>();
    }

    public static RouteGroupBuilder MapPublications(this WebApplication app) =>
        app.MapGroup("/api/publications").MapPublicationsApi().MapPublicationFilesApi().MapPublicationFeeds();
}
