using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence.Outbox;

namespace RabatPlatform.Persistence.Operations;

/// <summary>What a re-drive did: dead outbox rows requeued, and messages moved back per consumer queue.</summary>
public sealed record RedriveResult(int OutboxRowsRequeued, IReadOnlyDictionary<string, int> MessagesMoved);

/// <summary>
/// The operator's re-drive of a service (<c>dotnet RabatPlatform.Search.dll redrive</c>, or <c>eng/redrive.sh search</c>):
/// everything the service gave up on goes round again once its cause is fixed — the messages of every one of its
/// consumers' <c>_error</c> queues back to the consumer's queue, and its dead outbox rows back to pending. The inbox
/// keeps each effect once and the outbox each event once, so a re-drive is safe to repeat. Each run is recorded
/// in the service's <c>operator_actions</c> table (when, who, what) and logged at Warning.
/// </summary>
public static partial class Redrive
{
    public const string Command = "redrive";

    public static async Task<RedriveResult> RunAsync<TContext>(IServiceProvider services, CancellationToken cancellationToken = default)
        where TContext : ServiceDbContext
    {
        // The bus configures its endpoints — and so records their queues — when it is created; it need not start.
        _ = services.GetRequiredService<IBusControl>();
        var broker = new Uri(MessagingExtensions.RequiredConnectionString(services.GetRequiredService<IConfiguration>(), ResourceNames.Messaging));
        var moved = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var queue in services.GetRequiredService<ConsumerEndpoints>().Names)
        {
            if (await ErrorQueues.RedriveAsync(broker, queue, cancellationToken) is > 0 and var count)
            {
                moved[queue] = count;
            }
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var requeued = await db.OutboxMessages.Where(m => m.Status == OutboxStatus.Dead).ExecuteUpdateAsync(
            set => set.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptAt, now),
            cancellationToken);

        var result = new RedriveResult(requeued, moved);
        var who = $"{Environment.UserName}@{Environment.MachineName}";
        db.OperatorActions.Add(new OperatorAction(Guid.CreateVersion7(now), now, Command, who, JsonSerializer.Serialize(result)));
        await db.SaveChangesAsync(cancellationToken);
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Redrive));
        LogRedriven(logger, who, requeued, moved.Values.Sum(), string.Join(", ", moved.Keys));
        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Operator re-drive by {Operator}: {Rows} dead outbox row(s) requeued, {Messages} message(s) moved back from the error queues of {Queues}")]
    private static partial void LogRedriven(ILogger logger, string @operator, int rows, int messages, string queues);
}
