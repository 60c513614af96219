using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>
/// Listens to the platform's own instruments as the in-process services record them: sums the counters
/// (e.g. <c>rabat.inbox.duplicates</c>) and reads the observable gauges (e.g. <c>rabat.outbox.backlog</c>).
/// </summary>
public static class MetricCollector
{
    private static readonly ConcurrentDictionary<string, long> Totals = new();
    private static readonly ConcurrentDictionary<string, DateTime> Measured = new();
    private static readonly ConcurrentDictionary<(string Instrument, string Tags), double> Gauges = new();
    private static readonly ConcurrentDictionary<(string Instrument, string Key, string Value), long> TaggedTotals = new();
    private static readonly MeterListener Listener = new();
    private static readonly Lock Observing = new();
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
        Listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            Measured[instrument.Name] = DateTime.UtcNow;
            if (instrument.IsObservable)
            {
                Gauges[(instrument.Name, Describe(tags))] = value;
            }
            else
            {
                Totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
                foreach (var tag in tags)
                {
                    TaggedTotals.AddOrUpdate((instrument.Name, tag.Key, tag.Value?.ToString() ?? ""), value, (_, total) => total + value);
                }
            }
        });
        Listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            Measured[instrument.Name] = DateTime.UtcNow;
            if (instrument.IsObservable)
            {
                Gauges[(instrument.Name, Describe(tags))] = value;
            }
        });
        Listener.Start();
    }

    public static long Total(string instrument) => Totals.GetValueOrDefault(instrument);

    /// <summary>
    /// The total of a counter's measurements carrying one tag value (e.g. one queue): the collections of tests run
    /// side by side and record into the same process-wide meters, so a test counts what is its own.
    /// </summary>
    public static long Total(string instrument, string tag, string value) => TaggedTotals.GetValueOrDefault((instrument, tag, value));

    /// <summary>The instruments that recorded something at or after <paramref name="since"/> (the collections of tests run side by side).</summary>
    public static IReadOnlyCollection<string> MeasuredSince(DateTime since) => [.. Measured.Where(m => m.Value >= since).Select(m => m.Key)];

    /// <summary>The current value of an observable gauge for one tag value (null when it reports none).</summary>
    public static double? Gauge(string instrument, string tag, string value)
    {
        lock (Observing)
        {
            Gauges.Clear();
            Listener.RecordObservableInstruments();
            return Gauges.TryGetValue((instrument, $"{tag}={value}"), out var current) ? current : null;
        }
    }

    private static string Describe(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            parts.Add($"{key}={value}");
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join(",", parts);
    }
}
