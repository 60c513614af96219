using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>
/// One service (or the gateway) hosted in the test process on a real Kestrel port, so the gateway
/// proxies to it over HTTP and traces cross real sockets.
/// </summary>
public sealed class ServiceHost<TMarker>(
    IReadOnlyDictionary<string, string?> settings, string environment = "Development", TimeProvider? clock = null)
    : WebApplicationFactory<TMarker>
    where TMarker : class
{
    public string Address => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    /// <summary>What the host's own OpenTelemetry metrics pipeline exports (see <see cref="ExportMetrics"/>).</summary>
    public MetricExport Metrics { get; } = new();

    /// <summary>Makes the host's OpenTelemetry pipeline collect and export now; returns every metric exported so far.</summary>
    public IReadOnlyDictionary<string, string> ExportMetrics()
    {
        Assert.True(Services.GetRequiredService<MeterProvider>().ForceFlush(10_000), "the metrics were exported");
        return Metrics.Exported;
    }

    public ServiceHost<TMarker> Start(bool kestrel = true)
    {
        if (kestrel)
        {
            UseKestrel(0);
            StartServer();
        }
        else
        {
            _ = Server;
        }

        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings));
        builder.ConfigureTestServices(services => services.ConfigureOpenTelemetryMeterProvider(
            metrics => metrics.AddReader(new BaseExportingMetricReader(Metrics))));
        builder.ConfigureLogging(logging => logging.AddProvider(LogCollector.Provider));
        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }
}
