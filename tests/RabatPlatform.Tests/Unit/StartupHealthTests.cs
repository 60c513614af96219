using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace RabatPlatform.Tests.Unit;

/// <summary>
/// A dependency still starting (the MassTransit bus before it first connects) keeps <c>/health</c> not ready
/// without logging an error; once it has been ready, a failure is an error again.
/// </summary>
public sealed class StartupHealthTests
{
    private const string HealthCheckCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    [Fact]
    public async Task A_check_that_never_passed_is_Degraded_starting_and_not_logged_then_a_failure_after_it_passed_is_an_error()
    {
        var logs = new CapturingLoggerProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.AddDefaultHealthChecks();
        var ready = false;
        builder.Services.AddHealthChecks().AddCheck(
            "bus", () => ready ? HealthCheckResult.Healthy("Ready") : HealthCheckResult.Unhealthy("Not ready: not started"), [StartupHealth.Tag]);
        using var host = builder.Build();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var starting = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Degraded, starting.Status); // /health maps Degraded to 503: not ready
        Assert.Equal("starting: Not ready: not started", starting.Entries["bus"].Description);
        Assert.DoesNotContain(logs.Entries, e => e.Category == HealthCheckCategory && e.Level >= LogLevel.Warning);

        ready = true;
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

        ready = false;
        var broken = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, broken.Status);
        Assert.Contains(logs.Entries, e => e.Category == HealthCheckCategory && e.Level == LogLevel.Error);
    }

    [Fact]
    public void A_check_that_never_passes_is_an_error_once_the_grace_has_run_out()
    {
        var clock = new FakeTimeProvider();
        var startup = new StartupHealth(clock);
        Assert.Equal(HealthStatus.Degraded, startup.Report("bus", HealthCheckResult.Unhealthy("Not ready: not started")).Status);

        clock.Advance(StartupHealth.Grace);
        Assert.False(startup.IsStarting("bus"));
        Assert.Equal(HealthStatus.Unhealthy, startup.Report("bus", HealthCheckResult.Unhealthy("Not ready: not started")).Status);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel));
        }
    }
}
