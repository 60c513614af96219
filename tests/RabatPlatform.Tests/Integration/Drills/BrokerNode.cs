using System.Diagnostics;

namespace RabatPlatform.Tests.Integration.Drills;

/// <summary>
/// The tests' own RabbitMQ node (process mode, started by <see cref="Infrastructure.TestServers"/> under
/// <c>/tmp/rabat-test-&lt;pid&gt;/rabbitmq</c>), stopped and started for real with <c>eng/rabbitmqctl.sh stop_app</c> /
/// <c>start_app</c>. Only <c>eng/drills.sh</c> does this (it runs the drills alone); in CI the node is shared by
/// every collection, so the drills cut a proxy instead.
/// </summary>
public sealed class BrokerNode(string directory)
{
    /// <summary>The node of this test process, when the tests started it (not servers named by RABAT_TEST_RABBITMQ).</summary>
    public static BrokerNode? OfThisProcess()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"rabat-test-{Environment.ProcessId}", "rabbitmq");
        return File.Exists(Path.Combine(directory, "rabbitmqctl.env")) ? new BrokerNode(directory) : null;
    }

    public Task StopAsync() => RunAsync("stop_app");

    public Task StartAsync() => RunAsync("start_app");

    private async Task RunAsync(string command)
    {
        var start = new ProcessStartInfo("bash", [Infrastructure.RepositoryFiles.Find("eng/rabbitmqctl.sh"), command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["RABAT_RABBITMQ_DIR"] = directory;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"rabbitmqctl {command} failed: {await output}{await error}");
    }
}
