using System.Globalization;
using System.Text.Json;

namespace RabatPlatform.WriteBench;

/// <summary>
/// The shared result convention: with BENCH_RESULTS set, one JSON object per figure and line appended to that file
/// ({"figure", "value", "unit", "target", "met", "limit", "limit_name", "load", "command"}).
/// </summary>
internal sealed class Figures(string command)
{
    private readonly string? file = Environment.GetEnvironmentVariable("BENCH_RESULTS") is { Length: > 0 } f ? f : null;

    public static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "";

    public void Add(string figure, double value, string unit, string target, bool met, double? limit = null, string? limitName = null)
    {
        if (file is null)
        {
            return;
        }

        var line = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["figure"] = figure,
            ["value"] = Math.Round(value, 3),
            ["unit"] = unit,
            ["target"] = target,
            ["met"] = met,
            ["limit"] = limit is { } l ? Math.Round(l, 3) : null,
            ["limit_name"] = limitName,
            ["load"] = Load(),
            ["command"] = command,
        });
        File.AppendAllText(file, line + "\n");
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Ms(double value) => value.ToString(value < 100 ? "0.0" : "0", CultureInfo.InvariantCulture);
}
