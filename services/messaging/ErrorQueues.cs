using System.Collections.Concurrent;
using System.Text;
using RabbitMQ.Client;

namespace RabatPlatform.Messaging;

/// <summary>The receive endpoints (queues) of this process's consumers, recorded as the bus configures them.</summary>
public sealed class ConsumerEndpoints
{
    private readonly ConcurrentDictionary<string, byte> names = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Names => [.. names.Keys.Order(StringComparer.Ordinal)];

    internal void Add(string name) => names.TryAdd(name, 0);
}

/// <summary>
/// Moves the messages of a consumer's <c>_error</c> queue back to the consumer's queue, as they are, without
/// MassTransit's fault headers and with a <c>rabat-redriven</c> count: the consumer processes them again
/// (the inbox keeps each effect once). Each message is acknowledged from the error queue only after the
/// broker confirmed it in the consumer's queue, so none is lost or doubled by a crash midway.
/// </summary>
public static class ErrorQueues
{
    public const string RedrivenHeader = "rabat-redriven";

    public static async Task<int> RedriveAsync(Uri broker, string queue, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "redrive " + queue };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        var errorQueue = queue + "_error";
        try
        {
            // A failed passive declaration closes its channel: a channel of its own.
            await using var probe = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await probe.QueueDeclarePassiveAsync(errorQueue, cancellationToken);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0; // never failed: MassTransit creates the error queue on the first fault
        }

        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        var moved = 0;
        while (await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties)
            {
                Headers = Redriven(message.BasicProperties.Headers),
            };
            await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        return moved;
    }

    /// <summary>
    /// Drops from a consumer's <c>_error</c> queue every message whose body <paramref name="drop"/> says must go (an
    /// erasure: it mentions an erased address) and leaves the others where they were: all are taken unacknowledged,
    /// those to drop are acknowledged, the others handed back (requeued in their place). Returns how many went.
    /// </summary>
    public static async Task<int> ScrubAsync(Uri broker, string queue, Func<ReadOnlyMemory<byte>, bool> drop, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "erasure " + queue };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        var errorQueue = queue + "_error";
        try
        {
            await using var probe = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await probe.QueueDeclarePassiveAsync(errorQueue, cancellationToken);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0;
        }

        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var kept = new List<ulong>();
        var dropped = 0;
        while (await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is { } message)
        {
            if (drop(message.Body))
            {
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
                dropped++;
            }
            else
            {
                kept.Add(message.DeliveryTag);
            }
        }

        foreach (var tag in kept)
        {
            await channel.BasicNackAsync(tag, multiple: false, requeue: true, cancellationToken);
        }

        return dropped;
    }

    private static Dictionary<string, object?> Redriven(IDictionary<string, object?>? headers)
    {
        var kept = (headers ?? new Dictionary<string, object?>())
            .Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && h.Key != "MT-Reason")
            .ToDictionary(h => h.Key, h => h.Value);
        var count = kept.TryGetValue(RedrivenHeader, out var previous) && previous is int n ? n : 0;
        kept[RedrivenHeader] = count + 1;
        return kept;
    }
}
