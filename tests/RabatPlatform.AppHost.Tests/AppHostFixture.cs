using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabatPlatform.Contracts;

namespace RabatPlatform.AppHost.Tests;

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "apphost";
}

/// <summary>
/// The whole platform, started once for these tests by the AppHost as `dotnet run --project AppHost`
/// starts it, but throw-away: free ports, a temporary data directory, no durability, no dashboard.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    private readonly string data = Path.Combine(Path.GetTempPath(), $"rabat-apphost-{Guid.NewGuid():N}"[..24]);

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>Where the SMTP server puts every mail (process mode).</summary>
    public string Maildir => Path.Combine(data, "smtp", "maildir");

    /// <summary>Seconds from the start of the AppHost to a healthy gateway.</summary>
    public TimeSpan StartTime { get; private set; }

    public async Task InitializeAsync()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.RabatPlatform_AppHost>(
            [
                "--Platform:DynamicPorts=true",
                // Two processes of every service and of the gateway, as a deployment runs them (issue 18): the
                // journeys pass through Aspire's proxies to either replica.
                "--Replicas:Default=2",
                "--Infrastructure:Durable=false",
                $"--Infrastructure:DataDirectory={data}",
                $"--Infrastructure:RabbitMqNode=rabatapphost{Environment.ProcessId}@localhost",
                $"--Infrastructure:Mode={(Environment.GetEnvironmentVariable("RABAT_TEST_INFRASTRUCTURE_MODE") is { Length: > 0 } m ? m : "Processes")}",
            ],
            (options, _) => options.DisableDashboard = true);
        // The resources' consoles (RabatPlatform.AppHost.Resources.*) and Aspire's own log at Warning and up only:
        // the AppHost's appsettings.json would otherwise make them Information, and CI's output unreadable.
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("RabatPlatform.AppHost", LogLevel.Warning)
            .AddFilter("Aspire", LogLevel.Warning));
        App = await builder.BuildAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await App.StartAsync(timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Gateway, timeout.Token);
        StartTime = started.Elapsed;

        Gateway = App.CreateHttpClient(ResourceNames.Gateway, "http");
    }

    public async Task<HttpClient> ClientAsAsync(string role, string? partnerId = null)
    {
        var response = await Gateway.PostAsJsonAsync("/api/auth/dev-token", new { role, partnerId });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        var client = App.CreateHttpClient(ResourceNames.Gateway, "http");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A server still writing: the temporary folder stays.
        }
    }

    /// <summary>Polls until the condition holds, or fails naming what was awaited.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}.");
            }

            await Task.Delay(200);
        }
    }
}
