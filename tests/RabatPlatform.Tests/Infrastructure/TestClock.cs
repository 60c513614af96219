namespace RabatPlatform.Tests.Infrastructure;

/// <summary>
/// The services' clock in tests: real time plus an offset a test moves forward (<see cref="Advance"/>).
/// Timers and delays stay real (so background loops keep running); only "now" jumps. Reset per test.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

    public void Reset() => Interlocked.Exchange(ref offsetTicks, 0);
}
