using System.Net.Sockets;
using System.Diagnostics.Metrics;
using MassTransit;

namespace RabatPlatform.Messaging;

/// <summary>
/// Says whether a consumer's failure comes from a dependency that is away for now (its database, the network)
/// rather than from the message or the code. Registered by the packages that know such failures (persistence:
/// PostgreSQL's); the bus asks every one of them.
/// </summary>
public interface ITransientFailure
{
    bool IsTransient(Exception exception);
}

/// <summary>
/// The two retry policies of every consumer endpoint. A failure of a dependency (<see cref="ITransientFailure"/>)
/// is retried for as long as the dependency stays away, with back-off up to <see cref="RetryOptions.TransientMaxInterval"/>:
/// the message stays unacknowledged in its queue (redelivered if the process dies), so an outage of any length
/// loses nothing and needs no operator. Any other failure is retried <see cref="RetryOptions.Limit"/> times, then
/// the message goes to the endpoint's <c>_error</c> queue.
/// </summary>
internal static class TransientFailures
{
    private static readonly Counter<long> Retries = MessagingDiagnostics.Meter.CreateCounter<long>(
        "rabat.messaging.transient_retries", "{attempt}",
        "Consumer attempts retried because a dependency (a database, the network) was away, by queue (messaging.destination.name).");

    public static void UseRetries(IReceiveEndpointConfigurator endpoint, string queue, RetryOptions options, IReadOnlyList<ITransientFailure> classifiers)
    {
        bool IsTransient(Exception exception) => Chain(exception).Any(e =>
            e is SocketException or TimeoutException || classifiers.Any(c => c.IsTransient(e)));

        endpoint.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(IsTransient);
            retry.Exponential(int.MaxValue, options.TransientMinInterval, options.TransientMaxInterval, options.TransientIntervalDelta);
            retry.ConnectRetryObserver(new CountRetries(queue));
        });
        endpoint.UseMessageRetry(retry =>
        {
            retry.Ignore<Exception>(IsTransient);
            retry.Exponential(options.Limit, options.MinInterval, options.MaxInterval, options.IntervalDelta);
        });
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }

    private sealed class CountRetries(string queue) : IRetryObserver
    {
        private readonly KeyValuePair<string, object?> tag = new("messaging.destination.name", queue);

        public Task PostCreate<T>(RetryPolicyContext<T> context) where T : class, PipeContext => Task.CompletedTask;

        public Task PostFault<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;

        public Task PreRetry<T>(RetryContext<T> context) where T : class, PipeContext
        {
            Retries.Add(1, tag);
            return Task.CompletedTask;
        }

        public Task RetryFault<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;

        public Task RetryComplete<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;
    }
}
