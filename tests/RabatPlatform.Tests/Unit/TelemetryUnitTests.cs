using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Hosting;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Unit;

/// <summary>The platform's own metrics: the catalogue operators read on the dashboard (docs/operations.md).</summary>
public sealed class TelemetryUnitTests
{
    private static readonly string[] Catalogue =
    [
        "rabat.gateway.redis.failures",
        "rabat.inbox.duplicates",
        "rabat.mail.deliveries",
        "rabat.messaging.moved_to_error",
        "rabat.messaging.transient_retries",
        "rabat.outbox.age",
        "rabat.outbox.backlog",
        "rabat.outbox.dead",
        "rabat.outbox.dead_rows",
        "rabat.outbox.publish_failures",
        "rabat.outbox.published",
        "rabat.registrations",
        "rabat.webhooks.attempt.duration",
        "rabat.webhooks.attempts",
    ];

    [Fact]
    public void Every_platform_instrument_has_a_unit_and_a_description_is_exported_by_service_defaults_and_documented()
    {
        // The classes that create them (statics: their instruments exist once the class is initialised).
        RuntimeHelpers.RunClassConstructor(typeof(MessagingDiagnostics).TypeHandle);
        RuntimeHelpers.RunClassConstructor(Type.GetType("RabatPlatform.Messaging.TransientFailures, RabatPlatform.Messaging", true)!.TypeHandle);
        RuntimeHelpers.RunClassConstructor(Type.GetType("RabatPlatform.Persistence.PersistenceDiagnostics, RabatPlatform.Persistence", true)!.TypeHandle);
        RuntimeHelpers.RunClassConstructor(Type.GetType("RabatPlatform.Subscriptions.SubscriptionsMetrics, RabatPlatform.Subscriptions", true)!.TypeHandle);
        RuntimeHelpers.RunClassConstructor(Type.GetType("RabatPlatform.Meetings.Features.Registrations.RegistrationMetrics, RabatPlatform.Meetings", true)!.TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(RabatPlatform.Gateway.Features.SharedState.GatewayRedis).TypeHandle);

        var instruments = new List<Instrument>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name.StartsWith("RabatPlatform", StringComparison.Ordinal))
                {
                    lock (instruments)
                    {
                        instruments.Add(instrument);
                    }
                }
            };
            listener.Start();
        }

        Assert.Equal(Catalogue, instruments.Select(i => i.Name).Distinct().Order(StringComparer.Ordinal));
        var operations = File.ReadAllText(RepositoryFiles.Find(Path.Combine("docs", "operations.md")));
        Assert.All(instruments, instrument =>
        {
            Assert.False(string.IsNullOrWhiteSpace(instrument.Unit), $"{instrument.Name} has a unit");
            Assert.False(string.IsNullOrWhiteSpace(instrument.Description), $"{instrument.Name} has a description");
            Assert.Contains(ServiceDefaultsExtensions.TelemetrySources, source =>
                source == instrument.Meter.Name
                || (source.EndsWith(".*", StringComparison.Ordinal) && instrument.Meter.Name.StartsWith(source[..^1], StringComparison.Ordinal)));
            Assert.Contains($"`{instrument.Name}`", operations, StringComparison.Ordinal);
        });
    }
}
