using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using RabatPlatform.Contracts;

namespace RabatPlatform.AppHost.Tests;

/// <summary>
/// Where a container runtime answers, the same AppHost runs the infrastructure as containers under the same
/// names and references. No container engine runs on our build machines, so the model is checked, not run.
/// </summary>
public sealed class ContainerModeTests
{
    [Fact]
    public async Task In_container_mode_the_infrastructure_is_containers_with_the_same_names_and_references()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.RabatPlatform_AppHost>(
            ["--Infrastructure:Mode=Containers", "--Platform:DynamicPorts=true", "--Infrastructure:Durable=false"],
            (options, _) => options.DisableDashboard = true);
        var resources = builder.Resources.ToDictionary(r => r.Name);

        Assert.Equal("docker.io/library/rabbitmq", Image(resources[ResourceNames.Messaging])[..26]);
        Assert.Contains("management", Tag(resources[ResourceNames.Messaging]), StringComparison.Ordinal);
        Assert.Contains("postgres", Image(resources[ResourceNames.Postgres]), StringComparison.Ordinal);
        Assert.Contains("mailpit", Image(resources[ResourceNames.Smtp]), StringComparison.Ordinal);
        Assert.Contains("redis", Image(resources[ResourceNames.Redis]), StringComparison.Ordinal);
        foreach (var database in new[] { ResourceNames.ContentDb, ResourceNames.MeetingsDb, ResourceNames.PublicationsDb, ResourceNames.SubscriptionsDb, ResourceNames.SearchDb })
        {
            var resource = Assert.IsAssignableFrom<IResourceWithParent>(resources[database]);
            Assert.Equal(ResourceNames.Postgres, resource.Parent.Name);
        }

        AssertReferences(resources, ResourceNames.Subscriptions, ResourceNames.Messaging, ResourceNames.SubscriptionsDb, ResourceNames.Smtp);
        AssertReferences(resources, ResourceNames.Content, ResourceNames.Messaging, ResourceNames.ContentDb);
        AssertReferences(resources, ResourceNames.Gateway, [ResourceNames.Messaging, ResourceNames.Redis, .. ResourceNames.Services]);
        Assert.IsType<ProjectResource>(resources[$"{ResourceNames.Search}-migrations"]);
    }

    [Fact]
    public async Task In_process_mode_the_infrastructure_is_processes_with_the_same_names_and_references()
    {
        var data = Path.Combine(Path.GetTempPath(), $"rabat-model-{Guid.NewGuid():N}");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.RabatPlatform_AppHost>(
            ["--Infrastructure:Mode=Processes", "--Platform:DynamicPorts=true", "--Infrastructure:Durable=false",
             $"--Infrastructure:DataDirectory={data}"],
            (options, _) => options.DisableDashboard = true);
        Directory.Delete(data, recursive: true); // made by the model, never started
        var resources = builder.Resources.ToDictionary(r => r.Name);

        foreach (var name in new[] { ResourceNames.Postgres, ResourceNames.Messaging, ResourceNames.Smtp, ResourceNames.Redis })
        {
            Assert.IsAssignableFrom<ExecutableResource>(resources[name]);
            Assert.IsAssignableFrom<IResourceWithConnectionString>(resources[name]);
        }

        AssertReferences(resources, ResourceNames.Subscriptions, ResourceNames.Messaging, ResourceNames.SubscriptionsDb, ResourceNames.Smtp);
        AssertReferences(resources, ResourceNames.Gateway, [ResourceNames.Messaging, ResourceNames.Redis, .. ResourceNames.Services]);
    }

    private static string Image(IResource resource) =>
        resource.Annotations.OfType<ContainerImageAnnotation>().Single() is var image ? $"{image.Registry}/{image.Image}" : "";

    private static string Tag(IResource resource) => resource.Annotations.OfType<ContainerImageAnnotation>().Single().Tag ?? "";

    private static void AssertReferences(Dictionary<string, IResource> resources, string name, params IEnumerable<string> referenced)
    {
        var references = resources[name].Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(r => r.Type == "Reference").Select(r => r.Resource.Name).ToHashSet();
        var waits = resources[name].Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).ToHashSet();
        foreach (var expected in referenced)
        {
            Assert.Contains(expected, references);
            Assert.Contains(expected, waits);
        }
    }
}
