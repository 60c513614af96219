using YamlDotNet.RepresentationModel;
using static RabatPlatform.ArchitectureTests.RenderedManifests;

namespace RabatPlatform.ArchitectureTests;

/// <summary>
/// The production overlay under <c>deploy/</c> (docs/scaling.md), rendered offline: every workload is probed,
/// bounded and unprivileged, runs its own released image, and gets the settings its service reads.
/// </summary>
public sealed class DeploymentTests
{
    private const string Overlay = "deploy/overlays/production";
    private static readonly Lazy<RenderedManifests> Rendered = new(() => Kustomize(Overlay));

    private static RenderedManifests Production => Rendered.Value;

    /// <summary>The five services and the gateway.</summary>
    public static TheoryData<string> Workloads() => new([.. SourceTree.Services, "gateway"]);

    public static TheoryData<string> Services() => new([.. SourceTree.Services]);

    private static YamlMappingNode Deployment(string name) =>
        Production.Find("Deployment", name) ?? throw new Xunit.Sdk.XunitException($"{Overlay} has no Deployment {name}.");

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Every_workload_is_probed_on_alive_and_health(string name)
    {
        var container = Container(Deployment(name));
        Assert.Equal("/alive", Text(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/alive", Text(container, "startupProbe", "httpGet", "path"));
        Assert.Equal("/health", Text(container, "readinessProbe", "httpGet", "path"));
        Assert.Contains(Items(container, "ports"), p => Text(p, "name") == "http" && Text(p, "containerPort") == "8080");
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Every_workload_has_cpu_and_memory_requests_and_limits(string name)
    {
        var resources = At(Container(Deployment(name)), "resources");
        foreach (var bound in new[] { "requests", "limits" })
        {
            Assert.NotNull(Text(resources, bound, "cpu"));
            Assert.NotNull(Text(resources, bound, "memory"));
        }
    }

    [Fact]
    public void No_pod_runs_as_root_escalates_privileges_or_writes_its_image()
    {
        var workloads = Production.OfKind("Deployment").Concat(Production.OfKind("Job")).ToList();
        Assert.Equal(SourceTree.Services.Count * 2 + 1, workloads.Count);
        foreach (var workload in workloads)
        {
            var pod = At(workload, "spec", "template", "spec");
            Assert.Equal("true", Text(pod, "securityContext", "runAsNonRoot"));
            Assert.NotEqual("0", Text(pod, "securityContext", "runAsUser"));
            Assert.Equal("false", Text(pod, "automountServiceAccountToken"));
            var container = Container(workload);
            Assert.Equal("false", Text(container, "securityContext", "allowPrivilegeEscalation"));
            Assert.Equal("true", Text(container, "securityContext", "readOnlyRootFilesystem"));
            var dropped = (YamlSequenceNode)At(container, "securityContext", "capabilities", "drop")!;
            Assert.Equal(["ALL"], dropped.Children.OfType<YamlScalarNode>().Select(s => s.Value));
            Assert.Contains(Items(container, "volumeMounts"), m => Text(m, "mountPath") == "/tmp");
        }
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Every_workload_runs_a_released_image_of_its_own_project(string name)
    {
        var image = Text(Container(Deployment(name)), "image")!;
        Assert.StartsWith($"ghcr.io/rabat-process/rabat-{name}:", image, StringComparison.Ordinal);
        Assert.DoesNotContain(":latest", image, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Every_workload_keeps_a_replica_through_disruptions_and_scales_on_load(string name)
    {
        Assert.True(int.Parse(Text(Deployment(name), "spec", "replicas")!) >= 2);
        var budget = Production.Find("PodDisruptionBudget", name);
        Assert.Equal(name, Text(budget, "spec", "selector", "matchLabels", "app.kubernetes.io/name"));
        var autoscaler = Production.Find("HorizontalPodAutoscaler", name);
        Assert.Equal(name, Text(autoscaler, "spec", "scaleTargetRef", "name"));
        Assert.True(int.Parse(Text(autoscaler, "spec", "minReplicas")!) >= 2);
        var service = Production.Find("Service", name);
        Assert.Equal(name, Text(service, "spec", "selector", "app.kubernetes.io/name"));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_service_gets_its_database_broker_and_identity_provider(string name)
    {
        var env = Production.Environment(Deployment(name));
        Assert.Equal("Production", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.StartsWith("https://", env["Authentication__Authority"], StringComparison.Ordinal);
        // The credentials the operators write: CloudNativePG's application role, the RabbitMQ default user.
        Assert.Equal(
            "Host=rabat-postgres-rw;Database=" + name
            + ";Username=secret:rabat-postgres-app/username;Password=secret:rabat-postgres-app/password",
            env[$"ConnectionStrings__{name}db"]);
        Assert.Equal(
            "amqp://secret:rabat-rabbitmq-default-user/username:secret:rabat-rabbitmq-default-user/password@rabat-rabbitmq:5672/",
            env["ConnectionStrings__messaging"]);
        AssertNoUndefinedReference(env);
    }

    [Theory]
    [InlineData("content", "Content__Preview__Key")]
    [InlineData("subscriptions", "Subscriptions__TokenKey")]
    [InlineData("subscriptions", "Subscriptions__HashPepper")]
    [InlineData("subscriptions", "Webhooks__SecretKeys__k1")]
    [InlineData("subscriptions", "ConnectionStrings__smtp")]
    public void Secrets_a_service_requires_outside_Development_come_from_a_secret(string service, string setting)
    {
        Assert.StartsWith("secret:", Production.Environment(Deployment(service))[setting], StringComparison.Ordinal);
        Assert.Empty(Production.OfKind("Secret"));
    }

    [Fact]
    public void The_webhook_secret_key_named_active_is_one_the_service_has()
    {
        var env = Production.Environment(Deployment("subscriptions"));
        Assert.True(env.ContainsKey($"Webhooks__SecretKeys__{env["Webhooks__ActiveSecretKey"]}"));
    }

    [Fact]
    public void The_gateway_reaches_every_service_through_its_Service()
    {
        var env = Production.Environment(Deployment("gateway"));
        foreach (var service in SourceTree.Services)
        {
            var port = Text(Items(Production.Find("Service", service), "spec", "ports").Single(), "port");
            Assert.Equal($"http://{service}:{port}", env[$"services__{service}__http__0"]);
        }

        Assert.StartsWith("amqp://", env["ConnectionStrings__messaging"], StringComparison.Ordinal);
        Assert.Equal("gateway", Text(Items(At(Items(Production.Find("Ingress", "gateway"), "spec", "rules").Single(), "http"), "paths").Single(),
            "backend", "service", "name"));
        AssertNoUndefinedReference(env);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_service_has_a_migrations_job_on_its_own_database(string name)
    {
        var job = Production.Find("Job", $"{name}-migrations") ?? throw new Xunit.Sdk.XunitException($"no Job {name}-migrations");
        var container = Container(job);
        Assert.Equal(Text(Container(Deployment(name)), "image"), Text(container, "image"));
        Assert.Equal("migrate", Assert.Single(((YamlSequenceNode)At(container, "args")!).Children.OfType<YamlScalarNode>()).Value);
        var env = Production.Environment(job);
        Assert.StartsWith($"Host=rabat-postgres-rw;Database={name};", env[$"ConnectionStrings__{name}db"], StringComparison.Ordinal);
        Assert.Equal("migrations", Text(job, "metadata", "labels", "app.kubernetes.io/component"));
    }

    [Fact]
    public void Publication_files_are_on_one_volume_every_replica_shares()
    {
        var deployment = Deployment("publications");
        var path = Production.Environment(deployment)["Publications__Storage__Path"];
        var mount = Assert.Single(Items(Container(deployment), "volumeMounts"), m => Text(m, "mountPath") == path);
        var volume = Assert.Single(Items(deployment, "spec", "template", "spec", "volumes"), v => Text(v, "name") == Text(mount, "name"));
        var claim = Production.Find("PersistentVolumeClaim", Text(volume, "persistentVolumeClaim", "claimName")!);
        Assert.Equal("ReadWriteMany", ((YamlSequenceNode)At(claim, "spec", "accessModes")!).Children.OfType<YamlScalarNode>().Single().Value);
    }

    [Fact]
    public void The_infrastructure_is_a_three_node_RabbitMQ_cluster_and_a_three_instance_PostgreSQL_cluster()
    {
        Assert.Equal("3", Text(Production.Find("RabbitmqCluster", "rabat-rabbitmq"), "spec", "replicas"));
        Assert.Equal("true", Text(Production.Find("ConfigMap", "rabat-config"), "data", "Messaging__QuorumQueues"));
        Assert.Equal("3", Text(Production.Find("Cluster", "rabat-postgres"), "spec", "instances"));
        var databases = Production.OfKind("Database").Select(d => Text(d, "spec", "name"))
            .Append(Text(Production.Find("Cluster", "rabat-postgres"), "spec", "bootstrap", "initdb", "database"));
        Assert.Equal(SourceTree.Services.Order(StringComparer.Ordinal), databases.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_gateway_replicas_share_their_cache_and_rate_limits_through_one_Redis_that_runs_unprivileged()
    {
        var env = Production.Environment(Deployment("gateway"));
        var port = Text(Items(Production.Find("Service", "rabat-redis"), "spec", "ports").Single(), "port");
        Assert.Equal($"rabat-redis:{port},password=secret:rabat-redis/password,abortConnect=false", env["ConnectionStrings__redis"]);

        var redis = Production.Find("StatefulSet", "rabat-redis") ?? throw new Xunit.Sdk.XunitException("no StatefulSet rabat-redis");
        var pod = At(redis, "spec", "template", "spec");
        Assert.Equal("true", Text(pod, "securityContext", "runAsNonRoot"));
        Assert.Equal("false", Text(pod, "automountServiceAccountToken"));
        var container = Container(redis);
        Assert.Equal("false", Text(container, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal("true", Text(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.NotNull(At(container, "readinessProbe", "exec"));
        Assert.NotNull(Text(container, "resources", "limits", "memory"));
        Assert.DoesNotContain(":latest", Text(container, "image"), StringComparison.Ordinal);
        Assert.StartsWith("secret:", Production.Environment(redis)["REDIS_PASSWORD"], StringComparison.Ordinal);
    }

    private static void AssertNoUndefinedReference(IReadOnlyDictionary<string, string> env)
    {
        foreach (var (name, value) in env)
        {
            Assert.False(value.Contains("$(", StringComparison.Ordinal), $"{name} refers to a variable defined nowhere before it: {value}");
        }
    }
}
