using System.Collections.Concurrent;
using System.Diagnostics;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>Records every activity (span) the in-process services finish, to follow one trace across them.</summary>
public static class ActivityCollector
{
    private static readonly ConcurrentQueue<Activity> Stopped = new();
    private static readonly ActivityListener Listener = new()
    {
        ShouldListenTo = _ => true,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        ActivityStopped = Stopped.Enqueue,
    };

    private static int started;

    public static void Start()
    {
        if (Interlocked.Exchange(ref started, 1) == 0)
        {
            ActivitySource.AddActivityListener(Listener);
        }
    }

    public static IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) =>
        Stopped.Where(a => a.TraceId == traceId).ToList();

    /// <summary>Every recorded activity that started at or after <paramref name="startUtc"/>.</summary>
    public static IReadOnlyList<Activity> StartedSince(DateTime startUtc) =>
        Stopped.Where(a => a.StartTimeUtc >= startUtc).ToList();
}
