using MassTransit;

namespace RabatPlatform.Messaging;

/// <summary>
/// A convention applied to every receive endpoint the bus configures for its consumers, after the retry
/// policy (so the retry wraps it): registered in the container by the packages that need one (the
/// persistence's inbox), applied by <see cref="MessagingExtensions.AddServiceMessaging(Microsoft.Extensions.Hosting.IHostApplicationBuilder, string, Action{IBusRegistrationConfigurator}?)"/>.
/// </summary>
public interface IReceiveEndpointConvention
{
    void Apply(IRegistrationContext context, string endpointName, IReceiveEndpointConfigurator endpoint);
}
