namespace RabatPlatform.Messaging;

/// <summary>
/// How a failing message is retried before it moves to its endpoint's <c>_error</c> queue (configuration
/// section <c>Messaging:Retry</c>): exponential back-off between <see cref="MinInterval"/> and
/// <see cref="MaxInterval"/>, growing by <see cref="IntervalDelta"/>.
/// </summary>
public sealed class RetryOptions
{
    public const string Section = "Messaging:Retry";

    public int Limit { get; set; } = 5;

    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan IntervalDelta { get; set; } = TimeSpan.FromMilliseconds(400);

    internal bool IsValid() =>
        Limit is >= 0 and <= 100 && MinInterval >= TimeSpan.Zero && MaxInterval >= MinInterval && IntervalDelta >= TimeSpan.Zero;
}
