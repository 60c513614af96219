using DotNet.Testcontainers.Builders;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL and RabbitMQ the integration tests run against: the servers that
/// <c>eng/test.sh</c> started (their addresses in <c>RABAT_TEST_POSTGRES</c> and
/// <c>RABAT_TEST_RABBITMQ</c>), or else Testcontainers where a Docker engine answers.
/// </summary>
public static class TestServers
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (string Postgres, string RabbitMq)? servers;

    public static async Task<(string Postgres, string RabbitMq)> GetAsync()
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

    private static async Task<(string, string)> StartAsync()
    {
        var postgres = Environment.GetEnvironmentVariable("RABAT_TEST_POSTGRES");
        var rabbit = Environment.GetEnvironmentVariable("RABAT_TEST_RABBITMQ");
        if (!string.IsNullOrEmpty(postgres) && !string.IsNullOrEmpty(rabbit))
        {
            return (postgres, rabbit);
        }

        try
        {
            var pg = new PostgreSqlBuilder("postgres:17").Build();
            var mq = new RabbitMqBuilder("rabbitmq:3-management").Build();
            await Task.WhenAll(pg.StartAsync(), mq.StartAsync());
            // Testcontainers' connection string names a database; the fixture picks its own.
            return (pg.GetConnectionString(), mq.GetConnectionString());
        }
        catch (DockerUnavailableException ex)
        {
            throw new InvalidOperationException(
                "No test servers: run the tests with eng/test.sh (it starts PostgreSQL and RabbitMQ), "
                + "set RABAT_TEST_POSTGRES and RABAT_TEST_RABBITMQ, or start a Docker engine for Testcontainers.", ex);
        }
    }
}
