using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabatPlatform.Contracts;

namespace RabatPlatform.Messaging;

/// <summary>
/// Something a service does once at start, before it reports ready, so that the first real event or request does
/// not pay for it: compiling the queries of a consumer, creating the publish endpoints. A step must leave no trace (work in a transaction it rolls back). Issue 16: the first event after a
/// start took 0.5–0.7 s, the next ones ~13 ms.
/// </summary>
public interface IWarmupStep
{
    string Name { get; }

    /// <summary>False for a step that only needs the database: it runs at once, while the bus is still connecting.</summary>
    bool NeedsBus => true;

    Task WarmAsync(IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>
/// Runs the registered <see cref="IWarmupStep"/>s: those that need only the database at once, the others once the bus
/// is connected (or after <see cref="BusWait"/> without it: a broker outage must not keep the service out of rotation
/// longer than its own bus check does). Until the steps are done, the <c>warmup</c> health check keeps <c>/health</c>
/// not ready ("starting", ServiceDefaults' StartupHealth).
/// A step that fails is logged and skipped: warming up is an optimisation, never a reason not to serve.
/// </summary>
public sealed partial class Warmup(IServiceProvider services, IEnumerable<IWarmupStep> steps, ILogger<Warmup> logger) : BackgroundService
{
    public static readonly TimeSpan BusWait = TimeSpan.FromSeconds(30);

    /// <summary>How long one step may take before it is given up (the broker or the database may be away).</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsDone => done.Task.IsCompleted;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start: a step's first part is CPU (building the EF model) before its first await.
        await Task.Yield();
        try
        {
            // The steps that need only the database first, while the bus connects; then the bus's own.
            await RunAsync(steps.Where(s => !s.NeedsBus), stoppingToken);
            using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                waiting.CancelAfter(BusWait);
                try
                {
                    await services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, waiting.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // No bus after BusWait: warm up what can be, the bus's own health check reports the rest.
                }
            }

            await RunAsync(steps.Where(s => s.NeedsBus), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            done.TrySetResult();
        }
    }

    private async Task RunAsync(IEnumerable<IWarmupStep> chosen, CancellationToken stoppingToken)
    {
        foreach (var step in chosen)
        {
            var stepStarted = Stopwatch.GetTimestamp();
            try
            {
                await step.WarmAsync(services, stoppingToken).WaitAsync(StepTimeout, stoppingToken);
                LogStep(step.Name, Stopwatch.GetElapsedTime(stepStarted).TotalMilliseconds);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogStepFailed(ex, step.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up {Step} took {Milliseconds:0} ms")]
    private partial void LogStep(string step, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up {Step} failed; the first real use pays for it instead")]
    private partial void LogStepFailed(Exception ex, string step);

    /// <summary>Healthy once the steps are done; until then Unhealthy, which StartupHealth reports as "starting".</summary>
    public sealed class HealthCheck(Warmup warmup) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(warmup.IsDone ? HealthCheckResult.Healthy("warmed up") : HealthCheckResult.Unhealthy("warming up"));
    }
}

/// <summary>
/// Creates the publish endpoint of every event type of the contracts (its exchange declared, its send pipeline
/// built) and has MassTransit's serializer write and read each type once (System.Text.Json builds a type's metadata
/// on first use): the first publish and the first consume of a type otherwise pay for both.
/// </summary>
internal sealed class PublishEndpointsWarmup : IWarmupStep
{
    private static readonly System.Reflection.MethodInfo GetEndpoint =
        typeof(IPublishEndpointProvider).GetMethod(nameof(IPublishEndpointProvider.GetPublishSendEndpoint))!;

    public string Name => "publish endpoints";

    public async Task WarmAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var bus = services.GetRequiredService<IBus>();
        foreach (var type in EventTypes.All.Values)
        {
            await (Task<ISendEndpoint>)GetEndpoint.MakeGenericMethod(type).Invoke(bus, null)!;
            WarmupSerialization.RoundTrip(type, MassTransit.Serialization.SystemTextJsonMessageSerializer.Options);
        }
    }
}

public static class WarmupExtensions
{
    /// <summary>Adds a warm-up step (<see cref="IWarmupStep"/>) that runs before the service reports ready.</summary>
    public static IServiceCollection AddWarmupStep<TStep>(this IServiceCollection services)
        where TStep : class, IWarmupStep =>
        services.AddSingleton<IWarmupStep, TStep>();

    internal static void AddWarmup(this IServiceCollection services)
    {
        services.AddSingleton<Warmup>();
        services.AddHostedService(sp => sp.GetRequiredService<Warmup>());
        services.AddWarmupStep<PublishEndpointsWarmup>();
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "warmup", sp => new Warmup.HealthCheck(sp.GetRequiredService<Warmup>()), HealthStatus.Unhealthy, ["ready", "startup"]));
    }
}

/// <summary>Writes and reads a type once with the given options, so that its serialization metadata exists.</summary>
public static class WarmupSerialization
{
    public static void RoundTrip(Type type, System.Text.Json.JsonSerializerOptions options)
    {
        try
        {
            var json = System.Text.Json.JsonSerializer.Serialize(System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type), type, options);
            System.Text.Json.JsonSerializer.Deserialize(json, type, options);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or NullReferenceException or ArgumentException)
        {
            // An empty instance a type cannot take: its metadata was built all the same.
        }
    }
}
