using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RabatPlatform.Tests.Integration.Drills;

/// <summary>
/// A service run as a real child process (its built dll, <c>dotnet RabatPlatform.&lt;Service&gt;.dll</c>) with the
/// drill platform's connection strings in its environment, so that a drill can SIGKILL it and start it again.
/// Its console goes to <c>.local/test-results/drill-&lt;service&gt;[-&lt;instance&gt;].log</c> (for a failed drill to read); lines saying the
/// inbox skipped a message already processed are counted.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string dll;
    private readonly Dictionary<string, string> environment;
    private readonly HttpClient probe = new() { Timeout = TimeSpan.FromSeconds(5) };
    private Process? process;
    private StreamWriter? log;
    private int duplicatesSkipped;

    /// <summary>The last lines of the console, for the message of a start that failed (the log file may be shared).</summary>
    private readonly Queue<string> recent = new();
    private const int RecentLines = 40;

    /// <param name="instance">Which replica, when a platform runs several of one service (its log is then <c>drill-&lt;service&gt;-&lt;instance&gt;.log</c>).</param>
    public ServiceProcess(string service, Dictionary<string, string> environment, string? instance = null)
    {
        Name = service;
        var assembly = $"RabatPlatform.{char.ToUpperInvariant(service[0])}{service[1..]}";
        // The same build configuration as the tests (bin/Release/net10.0 or bin/Debug/net10.0).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
        dll = Infrastructure.RepositoryFiles.Find($"services/{service}/bin/{configuration}/net10.0/{assembly}.dll");
        this.environment = environment;
        Port = FreePort();
        Address = new Uri($"http://127.0.0.1:{Port}");
        // Beside the test results (.local/test-results/drill-<service>.log), replaced at every run.
        var results = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Infrastructure.RepositoryFiles.Find("eng/test.sh")))!, ".local", "test-results");
        Directory.CreateDirectory(results);
        LogPath = Path.Combine(results, instance is null ? $"drill-{service}.log" : $"drill-{service}-{instance}.log");
        File.Delete(LogPath);
    }

    public string Name { get; }

    public int Port { get; }

    public Uri Address { get; }

    public string LogPath { get; }

    /// <summary>How many times this service's inbox skipped a redelivered message (its log, every run so far).</summary>
    public int DuplicatesSkipped => Volatile.Read(ref duplicatesSkipped);

    public bool Running => process is { HasExited: false };

    /// <summary>Starts the process (with <paramref name="extra"/> settings on top) and, unless told not to, waits until its <c>/health</c> answers 200.</summary>
    public async Task StartAsync(IReadOnlyDictionary<string, string>? extra = null, TimeSpan? timeout = null, bool untilHealthy = true)
    {
        if (Running)
        {
            throw new InvalidOperationException($"{Name} is already running.");
        }

        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        // Nothing of the test process's own telemetry or hosting settings leaks into the child.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = Address.ToString();
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment.Concat(extra ?? new Dictionary<string, string>()))
        {
            start.Environment[key] = value;
        }

        log ??= new StreamWriter(LogPath, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"==== start {DateTimeOffset.UtcNow:O} {string.Join(' ', (extra ?? new Dictionary<string, string>()).Select(e => $"{e.Key}={e.Value}"))}");
        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (untilHealthy)
        {
            await WaitHealthyAsync(timeout ?? TimeSpan.FromSeconds(90));
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, no acknowledgement — what a crash or an OOM kill does.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill();
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Waits for the process to end (killed, or killing itself in a drill).</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        if (process is not null)
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (TimeoutException)
        {
            // Killed already; the kernel reaps it.
        }

        process?.Dispose();
        probe.Dispose();
        log?.Dispose();
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.Contains("was already processed by", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref duplicatesSkipped);
        }

        lock (probe)
        {
            log?.WriteLine(line);
            recent.Enqueue(line);
            if (recent.Count > RecentLines)
            {
                recent.Dequeue();
            }
        }
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process!.HasExited)
            {
                // What a dying process wrote last (an unhandled exception's text) reaches us after its exit: wait until
                // its console streams end, then quote them.
                process.WaitForExit();
                string last;
                lock (probe)
                {
                    last = string.Join(Environment.NewLine, recent);
                }

                throw new InvalidOperationException(
                    $"{Name} exited with code {process.ExitCode} while starting; see {LogPath}. Its last lines:{Environment.NewLine}{last}");
            }

            try
            {
                if ((await probe.GetAsync(new Uri(Address, "/health"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Name} did not become healthy within {timeout.TotalSeconds} s; see {LogPath}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
