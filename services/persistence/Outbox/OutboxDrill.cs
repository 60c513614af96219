using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RabatPlatform.Persistence.Outbox;

/// <summary>
/// A fault drill, off unless <c>Drills:KillAfterPublishes</c> is set (never in a deployment): the process kills
/// itself (SIGKILL, no clean-up) right after its N-th publish has been confirmed by the broker, before the outbox
/// dispatcher marks the row sent — the window the drill "a service killed between publish and mark-sent"
/// (tests/RabatPlatform.Tests/Integration/Drills, eng/drills.sh) must hit every time. After a restart the relay
/// publishes the row again and the consumers' inboxes apply it once.
/// </summary>
internal sealed partial class OutboxDrill(IBus bus, int killAfter, ILogger<OutboxDrill> logger) : IHostedService, IPublishObserver
{
    public const string Setting = "Drills:KillAfterPublishes";

    private ConnectHandle? handle;
    private int published;

    /// <summary>Registers the drill only when <see cref="Setting"/> is set.</summary>
    public static void AddIfConfigured(IHostApplicationBuilder builder)
    {
        if (builder.Configuration[Setting] is { Length: > 0 } value && int.TryParse(value, out var killAfter) && killAfter > 0)
        {
            builder.Services.AddHostedService(sp => new OutboxDrill(
                sp.GetRequiredService<IBus>(), killAfter, sp.GetRequiredService<ILogger<OutboxDrill>>()));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogArmed(killAfter);
        handle = bus.ConnectPublishObserver(this);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        handle?.Disconnect();
        return Task.CompletedTask;
    }

    public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    /// <summary>Called once the transport has the message (with publisher confirms: once the broker confirmed it).</summary>
    public Task PostPublish<T>(PublishContext<T> context) where T : class
    {
        if (Interlocked.Increment(ref published) == killAfter)
        {
            LogKilling(killAfter, context.MessageId);
            Process.GetCurrentProcess().Kill(); // SIGKILL on Unix
        }

        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fault drill armed: this process kills itself after publish {KillAfter}, before marking it sent")]
    private partial void LogArmed(int killAfter);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Fault drill: killing the process after publish {Count} (message {MessageId}) was confirmed, before it is marked sent")]
    private partial void LogKilling(int count, Guid? messageId);
}
