using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>Sums the platform's own counters (e.g. <c>rabat.inbox.duplicates</c>) as the in-process services record them.</summary>
public static class MetricCollector
{
    private static readonly ConcurrentDictionary<string, long> Totals = new();
    private static readonly MeterListener Listener = new();
    private static int started;

    public static void Start()
    {
        if (Interlocked.Exchange(ref started, 1) != 0)
        {
            return;
        }

        Listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("RabatPlatform", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        Listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            Totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        Listener.Start();
    }

    public static long Total(string instrument) => Totals.GetValueOrDefault(instrument);
}
