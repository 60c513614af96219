using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace RabatPlatform.AppHost.Infrastructure;

/// <summary>PostgreSQL as a process (trust authentication on 127.0.0.1 only).</summary>
internal sealed class PostgresProcessResource(string name, int port, string workingDirectory)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    /// <summary>The server's connection string, no database named (the port is fixed before start).</summary>
    private readonly string server = $"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Password=postgres";

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{server}");

    public string ConnectionString(string database) => $"{server};Database={database}";
}

/// <summary>One service's database on the PostgreSQL process; created when the server is ready.</summary>
internal sealed class ProcessDatabaseResource(string name, PostgresProcessResource parent)
    : Resource(name), IResourceWithParent<PostgresProcessResource>, IResourceWithConnectionString
{
    public PostgresProcessResource Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={Name}");
}

/// <summary>A RabbitMQ node as a process (the default guest user, on 127.0.0.1 only).</summary>
internal sealed class RabbitMqProcessResource(string name, int port, string workingDirectory)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    public Uri Uri { get; } = new($"amqp://guest:guest@127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Uri.ToString()}");
}

/// <summary>aiosmtpd as the SMTP server: every mail lands in a Maildir.</summary>
internal sealed class SmtpProcessResource(string name, int port, string workingDirectory)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"smtp://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
}

/// <summary>Debian's redis-server as a process (no password, on 127.0.0.1 only); its connection string is <c>127.0.0.1:port</c>.</summary>
internal sealed class RedisProcessResource(string name, int port, string workingDirectory)
    : ExecutableResource(name, "redis-server", workingDirectory), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
}

/// <summary>Healthy once the server answers <c>PING</c> with <c>+PONG</c> (loaded and accepting commands).</summary>
internal sealed class RedisPingHealthCheck(int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            var answer = Encoding.ASCII.GetString(buffer, 0, read);
            return answer.StartsWith("+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"unexpected answer: {answer.TrimEnd()}");
        }
        catch (Exception ex) when (ex is SocketException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}

/// <summary>Healthy once an AMQP connection opens (the node and its listener are up).</summary>
internal sealed class AmqpHealthCheck(Uri uri) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var factory = new ConnectionFactory { Uri = uri, RequestedConnectionTimeout = TimeSpan.FromSeconds(3) };
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}

/// <summary>Healthy once the server greets with <c>220</c>.</summary>
internal sealed class SmtpHealthCheck(int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            var buffer = new byte[256];
            var read = await client.GetStream().ReadAsync(buffer, cancellationToken);
            var greeting = Encoding.ASCII.GetString(buffer, 0, read);
            return greeting.StartsWith("220", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"unexpected greeting: {greeting}");
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
