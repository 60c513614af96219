using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace RabatPlatform.Tests.Integration.Drills;

/// <summary>
/// A three-node RabbitMQ cluster of the drill's own (rabbit-a, -b and -c@localhost on 127.0.0.1), started and stopped
/// with <c>eng/rabbitmq-cluster.sh</c> under <c>/tmp/rabat-cluster-&lt;pid&gt;</c>, on a free block of ten ports. Nodes
/// are stopped (<c>stop_app</c>), killed (SIGKILL) and started again through the same script. The script's watcher
/// stops the cluster if the test process dies without doing so.
/// </summary>
public sealed class ClusterBroker : IAsyncDisposable
{
    public static readonly string[] Nodes = ["a", "b", "c"];

    private ClusterBroker(string directory, int basePort, TimeSpan startTime)
    {
        Directory = directory;
        BasePort = basePort;
        StartTime = startTime;
    }

    public string Directory { get; }

    public int BasePort { get; }

    /// <summary>How long the script took to start the three nodes and join them.</summary>
    public TimeSpan StartTime { get; }

    /// <summary>The connection string (node a, the default virtual host).</summary>
    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{BasePort}/";

    /// <summary>The three nodes' AMQP addresses, for <c>Messaging:ClusterNodes</c>.</summary>
    public string ClusterNodes => string.Join(',', Nodes.Select(n => $"127.0.0.1:{AmqpPort(n)}"));

    public int AmqpPort(string node) => BasePort + Array.IndexOf(Nodes, node);

    public static async Task<ClusterBroker> StartAsync()
    {
        // Clusters of earlier runs whose test process is gone (and this process's own, if started twice).
        foreach (var leftover in System.IO.Directory.EnumerateDirectories(Path.GetTempPath(), "rabat-cluster-*"))
        {
            if (int.TryParse(Path.GetFileName(leftover)["rabat-cluster-".Length..], out var pid) && (pid == Environment.ProcessId || !IsRunning(pid)))
            {
                await StopAndDeleteAsync(leftover);
            }
        }

        var directory = Path.Combine(Path.GetTempPath(), $"rabat-cluster-{Environment.ProcessId}");
        var basePort = FreePortBlock();
        var started = Stopwatch.StartNew();
        await RunAsync(directory, TimeSpan.FromMinutes(4), "start", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new ClusterBroker(directory, basePort, started.Elapsed);
    }

    /// <summary><c>rabbitmqctl stop_app</c> on the node: its connections are closed, it leaves the cluster's running nodes.</summary>
    public Task StopAppAsync(string node) => RunAsync(Directory, TimeSpan.FromMinutes(2), "ctl", node, "stop_app");

    public Task StartAppAsync(string node) => RunAsync(Directory, TimeSpan.FromMinutes(2), "ctl", node, "start_app");

    /// <summary>SIGKILL of the node's Erlang VM: what a crash of its machine does to its clients and to the cluster.</summary>
    public Task KillAsync(string node) => RunAsync(Directory, TimeSpan.FromMinutes(1), "kill-node", node);

    /// <summary>Starts a killed node again (it rejoins the cluster by itself) and waits until it has booted.</summary>
    public Task StartNodeAsync(string node) => RunAsync(Directory, TimeSpan.FromMinutes(2), "start-node", node);

    /// <summary>
    /// The nodes holding the AMQP connections named <paramref name="clientName"/> (MassTransit names its connection by
    /// service), as <paramref name="askNode"/>'s management API sees them (the running nodes' connections).
    /// </summary>
    public async Task<IReadOnlyList<string>> ConnectionsOfAsync(string clientName, string askNode)
    {
        using var document = (await ManagementAsync(askNode, "/api/connections?columns=node,client_properties.connection_name"))!;
        return
        [
            .. document.RootElement.EnumerateArray()
                .Where(c => c.TryGetProperty("client_properties", out var properties)
                    && properties.TryGetProperty("connection_name", out var name) && name.GetString() == clientName)
                .Select(c => ShortName(c.GetProperty("node").GetString())),
        ];
    }

    /// <summary>A queue of the default virtual host: its type and, for a quorum queue, its leader node and members.</summary>
    public async Task<(string Type, string? Leader, int Members)?> QueueAsync(string queue, string askNode)
    {
        using var document = await ManagementAsync(askNode, $"/api/queues/%2F/{Uri.EscapeDataString(queue)}", allowNotFound: true);
        if (document is null)
        {
            return null;
        }

        var entry = document.RootElement;
        var leader = entry.TryGetProperty("leader", out var l) && l.ValueKind == JsonValueKind.String ? ShortName(l.GetString()) : null;
        var members = entry.TryGetProperty("members", out var m) && m.ValueKind == JsonValueKind.Array ? m.GetArrayLength() : 0;
        return (entry.GetProperty("type").GetString()!, leader, members);
    }

    /// <summary><c>rabbit-b@localhost</c> → <c>b</c>.</summary>
    private static string ShortName(string? node) => node is null ? "?" : node.Split('@')[0].Replace("rabbit-", "", StringComparison.Ordinal);

    private async Task<JsonDocument?> ManagementAsync(string node, string path, bool allowNotFound = false)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{BasePort + 3 + Array.IndexOf(Nodes, node)}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("guest:guest"u8));
        using var response = await client.GetAsync(path);
        if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
    }

    public ValueTask DisposeAsync() => new(StopAndDeleteAsync(Directory));

    private static async Task StopAndDeleteAsync(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return;
        }

        await RunAsync(directory, TimeSpan.FromMinutes(2), "stop");
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A node's last log line may still be written: left for the next run.
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<string> RunAsync(string directory, TimeSpan timeout, string command, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Infrastructure.RepositoryFiles.Find("eng/rabbitmq-cluster.sh"), command, directory, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["RABAT_CLUSTER_OWNER"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout);
        Assert.True(process.ExitCode == 0, $"rabbitmq-cluster.sh {command} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
        return await output;
    }

    /// <summary>A base port whose block of ten (AMQP, management, distribution, epmd) is free, below the ephemeral range.</summary>
    private static int FreePortBlock()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var basePort = 20000 + (Random.Shared.Next(0, 1000) * 10);
            if (Enumerable.Range(basePort, 10).All(Free))
            {
                return basePort;
            }
        }

        throw new InvalidOperationException("No free block of ten ports for the RabbitMQ cluster.");
    }

    private static bool Free(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
