using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabatPlatform.Contracts;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>
/// The servers the integration tests run against, and where their mail lands. <see cref="RabbitMqManagement"/>
/// (RabbitMQ's HTTP API, guest/guest) lets each platform of the tests have a virtual host of its own.
/// <see cref="Redis"/> (the gateway's shared state) is shared by every test: each keeps its keys under a prefix of its own.
/// </summary>
public sealed record TestInfrastructure(string Postgres, string RabbitMq, Uri? RabbitMqManagement, string? Smtp, string? Maildir, string? Redis = null);

/// <summary>
/// The real PostgreSQL, RabbitMQ, SMTP server and Redis of the integration tests: started once per test run by
/// the AppHost itself, infrastructure only (<c>Platform:Services=false</c>), throw-away (<c>Durable=false</c>,
/// a temporary data directory, free ports). The tests host the services in process, so they can move
/// the clock and cut the broker. By default the infrastructure runs as processes, so that mail lands in
/// a Maildir the tests read; <c>RABAT_TEST_INFRASTRUCTURE_MODE=Containers</c> asks for containers.
/// Servers of one's own can be given instead with <c>RABAT_TEST_POSTGRES</c>, <c>RABAT_TEST_RABBITMQ</c>,
/// <c>RABAT_TEST_RABBITMQ_MANAGEMENT</c> (and <c>RABAT_TEST_SMTP</c>, <c>RABAT_TEST_MAILDIR</c>, <c>RABAT_TEST_REDIS</c>).
/// </summary>
public static class TestServers
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static TestInfrastructure? servers;
    private static DistributedApplication? app;

    public static async Task<TestInfrastructure> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return servers ??= await StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<TestInfrastructure> StartAsync()
    {
        var postgres = Environment.GetEnvironmentVariable("RABAT_TEST_POSTGRES");
        var rabbit = Environment.GetEnvironmentVariable("RABAT_TEST_RABBITMQ");
        if (!string.IsNullOrEmpty(postgres) && !string.IsNullOrEmpty(rabbit))
        {
            var management = Environment.GetEnvironmentVariable("RABAT_TEST_RABBITMQ_MANAGEMENT");
            return new(postgres, rabbit, string.IsNullOrEmpty(management) ? null : new Uri(management),
                Environment.GetEnvironmentVariable("RABAT_TEST_SMTP"), Environment.GetEnvironmentVariable("RABAT_TEST_MAILDIR"),
                Environment.GetEnvironmentVariable("RABAT_TEST_REDIS") is { Length: > 0 } redis ? redis : null);
        }

        var data = Path.Combine(Path.GetTempPath(), $"rabat-test-{Environment.ProcessId}");
        RemoveLeftovers();
        var mode = Environment.GetEnvironmentVariable("RABAT_TEST_INFRASTRUCTURE_MODE") is { Length: > 0 } m ? m : "Processes";
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.RabatPlatform_AppHost>(
            [
                "--Platform:Services=false",
                "--Platform:DynamicPorts=true",
                $"--Infrastructure:Mode={mode}",
                "--Infrastructure:Durable=false",
                $"--Infrastructure:DataDirectory={data}",
                $"--Infrastructure:RabbitMqNode=rabattest{Environment.ProcessId}@localhost",
            ],
            (options, _) => options.DisableDashboard = true);
        // The resources' consoles (RabatPlatform.AppHost.Resources.*) and Aspire's own log at Warning and up only:
        // the AppHost's appsettings.json would otherwise make them Information, and CI's output unreadable.
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("RabatPlatform.AppHost", LogLevel.Warning)
            .AddFilter("Aspire", LogLevel.Warning));
        app = await builder.BuildAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await app.StartAsync(timeout.Token);
        foreach (var resource in new[] { ResourceNames.Postgres, ResourceNames.Messaging, ResourceNames.Smtp, ResourceNames.Redis })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        // Stopped with the test process: the servers shut down cleanly and their data goes.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(data);

        var maildir = Path.Combine(data, "smtp", "maildir");
        return new(
            (await app.GetConnectionStringAsync(ResourceNames.Postgres, timeout.Token))!,
            (await app.GetConnectionStringAsync(ResourceNames.Messaging, timeout.Token))!,
            app.GetEndpoint(ResourceNames.Messaging, "management"),
            await app.GetConnectionStringAsync(ResourceNames.Smtp, timeout.Token),
            Directory.Exists(maildir) ? maildir : null,
            await app.GetConnectionStringAsync(ResourceNames.Redis, timeout.Token));
    }

    /// <summary>Data directories of earlier test runs whose process is gone.</summary>
    private static void RemoveLeftovers()
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), "rabat-test-*"))
        {
            if (int.TryParse(Path.GetFileName(directory)["rabat-test-".Length..], out var pid) && !IsRunning(pid))
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Still in use or not ours: left alone.
                }
            }
        }

        static bool IsRunning(int pid)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }

    private static void Stop(string data)
    {
        try
        {
            app?.StopAsync().WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
            app?.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            Directory.Delete(data, recursive: true);
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            // The servers' own supervisor (DCP) stops them when this process is gone.
        }
    }
}
