using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using RabatPlatform.Contracts;

namespace RabatPlatform.AppHost.Tests;

/// <summary>
/// <c>Replicas:Default</c> (and a resource's own <c>Replicas:&lt;name&gt;</c>) sets how many processes of each
/// service and of the gateway the AppHost runs; the model is checked here, the AppHostFixture runs two of some.
/// </summary>
public sealed class ReplicaModelTests
{
    [Fact]
    public async Task Replicas_Default_runs_that_many_of_every_service_and_the_gateway_behind_their_documented_ports()
    {
        var resources = await ModelAsync("--Replicas:Default=2", "--Replicas:search=3");

        foreach (var name in new[] { ResourceNames.Gateway, ResourceNames.Content, ResourceNames.Meetings, ResourceNames.Publications, ResourceNames.Subscriptions })
        {
            Assert.Equal(2, Replicas(resources[name]));
        }

        Assert.Equal(3, Replicas(resources[ResourceNames.Search]));
        foreach (var service in ResourceNames.Services)
        {
            Assert.Equal(1, Replicas(resources[$"{service}-migrations"]));
        }

        // Several processes share a port only through Aspire's proxy; each replica listens on a port of its own.
        foreach (var name in ResourceNames.Services.Append(ResourceNames.Gateway))
        {
            var http = resources[name].Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");
            Assert.True(http.IsProxied, $"{name}'s http endpoint is not proxied");
            Assert.Null(http.TargetPort);
        }

        Assert.Equal(8080, resources[ResourceNames.Gateway].Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http").Port);
    }

    [Fact]
    public async Task One_replica_listens_on_its_port_itself_without_a_proxy()
    {
        var resources = await ModelAsync();

        foreach (var name in ResourceNames.Services.Append(ResourceNames.Gateway))
        {
            Assert.Equal(1, Replicas(resources[name]));
            var http = resources[name].Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");
            Assert.False(http.IsProxied);
            Assert.Equal(http.Port, http.TargetPort);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("two")]
    [InlineData("17")]
    public async Task A_replica_count_that_is_not_1_to_16_stops_the_AppHost_with_the_setting_named(string value)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ModelAsync($"--Replicas:gateway={value}"));
        Assert.Contains($"Replicas:gateway is '{value}'", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, IResource>> ModelAsync(params string[] args)
    {
        var data = Path.Combine(Path.GetTempPath(), $"rabat-model-{Guid.NewGuid():N}");
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.RabatPlatform_AppHost>(
                ["--Infrastructure:Mode=Processes", "--Infrastructure:Durable=false", $"--Infrastructure:DataDirectory={data}", .. args],
                (options, _) => options.DisableDashboard = true);
            return builder.Resources.ToDictionary(r => r.Name);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true); // made by the model, never started
            }
        }
    }

    private static int Replicas(IResource resource) =>
        resource.Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;
}
