using MassTransit;
using RabatPlatform.Content.Features.Alignment;
using RabatPlatform.Content.Features.Chairmanships;
using RabatPlatform.Content.Features.Frameworks;
using RabatPlatform.Content.Features.Partners;
using RabatPlatform.Content.Features.Projects;

namespace RabatPlatform.Content;

/// <summary>
/// The content service's reference data: partners, chairmanships, strategic frameworks, GCM objectives,
/// the GCM alignment read model and the technical assistance projects.
/// </summary>
public static class ReferenceDataFeatures
{
    public static void AddReferenceDataConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddAlignmentConsumers();
        bus.AddConsumer<ProjectReindexConsumer>();
    }

    public static RouteGroupBuilder MapReferenceDataApi(this RouteGroupBuilder api) => api
        .MapPartnersApi()
        .MapChairmanshipsApi()
        .MapFrameworksApi()
        .MapAlignmentApi()
        .MapProjectsApi();
}
