namespace RabatPlatform.Messaging;

/// <summary>
/// How a failing message is retried (configuration section <c>Messaging:Retry</c>). A failure of the message or
/// the code: <see cref="Limit"/> times with exponential back-off between <see cref="MinInterval"/> and
/// <see cref="MaxInterval"/>, then the endpoint's <c>_error</c> queue. A dependency away (its database, the
/// network): for as long as it takes, back-off from <see cref="TransientMinInterval"/> up to
/// <see cref="TransientMaxInterval"/> (<see cref="TransientFailures"/>).
/// </summary>
public sealed class RetryOptions
{
    public const string Section = "Messaging:Retry";

    public int Limit { get; set; } = 5;

    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan IntervalDelta { get; set; } = TimeSpan.FromMilliseconds(400);

    public TimeSpan TransientMinInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan TransientMaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan TransientIntervalDelta { get; set; } = TimeSpan.FromSeconds(2);

    internal bool IsValid() =>
        Limit is >= 0 and <= 100 && MinInterval >= TimeSpan.Zero && MaxInterval >= MinInterval && IntervalDelta >= TimeSpan.Zero
        && TransientMinInterval > TimeSpan.Zero && TransientMaxInterval >= TransientMinInterval && TransientIntervalDelta >= TimeSpan.Zero;
}
