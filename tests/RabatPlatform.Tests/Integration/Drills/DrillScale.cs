namespace RabatPlatform.Tests.Integration.Drills;

/// <summary>
/// How big a drill is. CI runs the small scale (the default: short outages, one kill, the fast test settings of
/// the outbox and the retries); <c>eng/drills.sh</c> sets <c>RABAT_DRILL_SCALE=full</c>: more writes, outages of a
/// full minute, several kills, and the services' production settings of the outbox relay and the retries.
/// </summary>
public sealed record DrillScale(
    string Name,
    double WritesPerSecond,
    TimeSpan Warmup,
    TimeSpan DatabaseOutage,
    TimeSpan BrokerOutage,
    int Kills,
    TimeSpan CatchUpLimit)
{
    public static DrillScale Current { get; } = Environment.GetEnvironmentVariable("RABAT_DRILL_SCALE") == "full"
        ? new("full", 20, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), 5, TimeSpan.FromMinutes(5))
        : new("ci", 8, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(10), 1, TimeSpan.FromSeconds(90));

    public bool Full => Name == "full";

    /// <summary>
    /// Messaging:Retry:Limit × MaxInterval: no retry schedule of a non-transient failure lasts longer. The database
    /// drill's outage is longer than this, so an outage treated as a bug would land the messages in <c>_error</c>.
    /// </summary>
    public TimeSpan RetryScheduleBound => Full ? 5 * TimeSpan.FromSeconds(10) : 5 * TimeSpan.FromSeconds(1);

    /// <summary>The services' environment: production defaults at full scale; the tests' fast settings in CI.</summary>
    public Dictionary<string, string> ServiceSettings()
    {
        var settings = new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__RabatPlatform.Persistence"] = "Information", // the inbox's "already processed" lines
            ["Logging__LogLevel__MassTransit"] = "Warning",
        };
        if (!Full)
        {
            settings["Messaging__Outbox__SweepInterval"] = "00:00:00.500";
            settings["Messaging__Outbox__PublishTimeout"] = "00:00:03";
            settings["Messaging__Outbox__FirstRetryDelay"] = "00:00:00.500";
            settings["Messaging__Outbox__MaxRetryDelay"] = "00:00:02";
            settings["Messaging__Retry__MinInterval"] = "00:00:00.100";
            settings["Messaging__Retry__MaxInterval"] = "00:00:01";
            settings["Messaging__Retry__IntervalDelta"] = "00:00:00.200";
            settings["Messaging__Retry__TransientMinInterval"] = "00:00:00.100";
            settings["Messaging__Retry__TransientMaxInterval"] = "00:00:00.500";
            settings["Messaging__Retry__TransientIntervalDelta"] = "00:00:00.100";
        }

        return settings;
    }
}
