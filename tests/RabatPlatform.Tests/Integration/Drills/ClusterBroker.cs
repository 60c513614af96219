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

    public string NodeOfPort(int port) => Nodes[port - BasePort];

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

    /// <summary>The AMQP connections of the cluster named <paramref name="clientName"/> (MassTransit's are named by service), by node.</summary>
    public async Task<IReadOnlyList<string>> ConnectionsOfAsync(string clientName, string askNode)
    {
        var json = await RunAsync(Directory, TimeSpan.FromMinutes(1), "ctl", askNode, "list_connections", "client_properties", "port", "--formatter", "json", "--quiet");
        using var document = JsonDocument.Parse(json);
        // client_properties is a list of [name, type, value]; the client-provided name is connection_name.
        return
        [
            .. document.RootElement.EnumerateArray()
                .Where(c => c.GetProperty("client_properties").EnumerateArray().Any(p =>
                    p.ValueKind == JsonValueKind.Array && p.GetArrayLength() == 3
                    && p[0].ValueKind == JsonValueKind.String && p[0].GetString() == "connection_name"
                    && p[2].ValueKind == JsonValueKind.String && p[2].GetString() == clientName))
                .Select(c => NodeOfPort(c.GetProperty("port").GetInt32())),
        ];
    }

    /// <summary>A queue's type and, for a quorum queue, its leader and members (<c>list_queues</c>), asked of <paramref name="askNode"/>.</summary>
    public async Task<(string Type, string? Leader, int Members)?> QueueAsync(string queue, string askNode)
    {
        var json = await RunAsync(Directory, TimeSpan.FromMinutes(1), "ctl", askNode, "list_queues", "name", "type", "leader", "members", "--formatter", "json", "--quiet");
        using var document = JsonDocument.Parse(json);
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.GetProperty("name").GetString() != queue)
            {
                continue;
            }

            var leader = entry.TryGetProperty("leader", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
            var members = entry.TryGetProperty("members", out var m) && m.ValueKind == JsonValueKind.Array ? m.GetArrayLength() : 0;
            return (entry.GetProperty("type").GetString()!, leader, members);
        }

        return null;
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
