using System.Collections.Concurrent;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>
/// A metric exporter added to a hosted service's own OpenTelemetry pipeline (the one ServiceDefaults builds):
/// what it exports here is what it would send to the Aspire dashboard over OTLP.
/// </summary>
public sealed class MetricExport : BaseExporter<Metric>
{
    private readonly ConcurrentDictionary<string, string> exported = new();

    /// <summary>Names of the metrics exported so far, with their meter's name.</summary>
    public IReadOnlyDictionary<string, string> Exported => exported;

    public override ExportResult Export(in Batch<Metric> batch)
    {
        foreach (var metric in batch)
        {
            exported[metric.Name] = metric.MeterName;
        }

        return ExportResult.Success;
    }
}
