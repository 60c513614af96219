using MassTransit;
using RabatPlatform.Messaging;

namespace RabatPlatform.Persistence.Inbox;

/// <summary>
/// Puts the <see cref="InboxFilter{T}"/> on every consumer endpoint of a service that has a database
/// (registered by <see cref="PersistenceExtensions.AddServiceDatabase{TContext}"/>). Dead-letter queues
/// (<c>_error</c>, <c>_skipped</c>) watched by an operator or a test are left alone.
/// </summary>
internal sealed class InboxConvention : IReceiveEndpointConvention
{
    public void Apply(IRegistrationContext context, string endpointName, IReceiveEndpointConfigurator endpoint)
    {
        if (endpointName.EndsWith("_error", StringComparison.Ordinal) || endpointName.EndsWith("_skipped", StringComparison.Ordinal))
        {
            return;
        }

        endpoint.UseConsumeFilter(typeof(InboxFilter<>), context);
    }
}
