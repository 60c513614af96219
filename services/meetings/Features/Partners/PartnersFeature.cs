namespace RabatPlatform.Meetings.Features.Partners;

/// <summary>
/// Partners: the service's own copy of the platform's partners (delegations, co-chairs), kept by its consumers
/// (<see cref="PartnerRegisteredConsumer"/>, <see cref="PartnerUpdatedConsumer"/>). No endpoints.
/// </summary>
public static class PartnersFeature
{
    public static IHostApplicationBuilder AddPartners(this IHostApplicationBuilder builder) => builder;
}
