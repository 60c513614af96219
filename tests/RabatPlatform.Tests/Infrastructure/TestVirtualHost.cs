using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>
/// A RabbitMQ virtual host of one platform of the tests: the platforms of the test collections run side by
/// side on one broker, each with the same exchange and queue names, so each gets a virtual host of its own
/// (created and deleted through RabbitMQ's HTTP API).
/// </summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    private readonly HttpClient api;
    private readonly string name;

    private TestVirtualHost(HttpClient api, string name, string connectionString)
    {
        this.api = api;
        this.name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The AMQP connection string of the virtual host (<c>amqp://…/rabat-test-…</c>).</summary>
    public string ConnectionString { get; }

    public static async Task<TestVirtualHost> CreateAsync(TestInfrastructure servers, string name)
    {
        var management = servers.RabbitMqManagement ?? throw new InvalidOperationException(
            "The tests need RabbitMQ's management API to give each platform a virtual host (set RABAT_TEST_RABBITMQ_MANAGEMENT).");
        var broker = new Uri(servers.RabbitMq);
        var credentials = Uri.UnescapeDataString(broker.UserInfo is { Length: > 0 } info ? info : "guest:guest");
        var api = new HttpClient { BaseAddress = management, Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

        var user = credentials.Split(':')[0];
        (await api.PutAsJsonAsync($"/api/vhosts/{name}", new { description = "a platform of the tests" })).EnsureSuccessStatusCode();
        (await api.PutAsJsonAsync($"/api/permissions/{name}/{Uri.EscapeDataString(user)}", new { configure = ".*", write = ".*", read = ".*" }))
            .EnsureSuccessStatusCode();
        var connectionString = new UriBuilder(broker) { Path = "/" + name }.Uri.ToString();
        return new TestVirtualHost(api, name, connectionString);
    }

    /// <summary>Every queue of the virtual host (RabbitMQ's HTTP API): its name, whether it is exclusive, its message and consumer counts.</summary>
    public async Task<IReadOnlyList<QueueInfo>> QueuesAsync() =>
        await api.GetFromJsonAsync<List<QueueInfo>>($"/api/queues/{Uri.EscapeDataString(name)}?columns=name,exclusive,messages,consumers") ?? [];

    /// <summary>Deletes a queue (and what it holds), if it exists.</summary>
    public async Task DeleteQueueAsync(string queue)
    {
        using var response = await api.DeleteAsync($"/api/queues/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(queue)}");
        if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    public sealed record QueueInfo(string Name, bool Exclusive, long? Messages, int? Consumers = null);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await api.DeleteAsync($"/api/vhosts/{name}");
        }
        catch (HttpRequestException)
        {
            // The broker is going away with the test run anyway.
        }

        api.Dispose();
    }
}
