using RabatPlatform.Meetings.Features.Meetings;
using RabatPlatform.Meetings.Features.Partners;

namespace RabatPlatform.Meetings.Features;

/// <summary>
/// The service's consumers, registered by <c>Program.cs</c>'s <c>AddServiceMessaging</c> line. Kept as it was while
/// consumers move to registration by convention (a separate change); then this file goes.
/// </summary>
public static class ServiceConsumers
{
    public static void AddMeetingsConsumers(this MassTransit.IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<PartnerRegisteredConsumer>();
        bus.AddConsumer<PartnerUpdatedConsumer>();
        bus.AddConsumer<MeetingsReindexConsumer>();
    }
}
