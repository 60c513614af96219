using Microsoft.Extensions.Hosting;
using RabatPlatform.AppHost.Infrastructure;
using RabatPlatform.Contracts;

namespace RabatPlatform.AppHost;

/// <summary>The five services and the gateway, each service after its own migrations step, the gateway once they run.</summary>
internal static class PlatformServices
{
    public static void Add(IDistributedApplicationBuilder builder, PlatformInfrastructure infrastructure, PlatformSettings settings)
    {
        var gatewayUrl = $"http://localhost:{settings.GatewayPort}";
        var data = infrastructure.Settings.DataDirectory;

        var content = AddService<Projects.RabatPlatform_Content>(ResourceNames.Content, ResourceNames.ContentDb);
        var meetings = AddService<Projects.RabatPlatform_Meetings>(ResourceNames.Meetings, ResourceNames.MeetingsDb);
        var publications = AddService<Projects.RabatPlatform_Publications>(ResourceNames.Publications, ResourceNames.PublicationsDb)
            .WithEnvironment("Publications__Storage__Path", Path.Combine(data, "publications"));
        var subscriptions = AddService<Projects.RabatPlatform_Subscriptions>(ResourceNames.Subscriptions, ResourceNames.SubscriptionsDb)
            .WithReference(infrastructure.Smtp).WaitFor(infrastructure.Smtp)
            // Links in mails lead to the gateway, the one public entry.
            .WithEnvironment("Subscriptions__PublicBaseUrl", gatewayUrl);
        var search = AddService<Projects.RabatPlatform_Search>(ResourceNames.Search, ResourceNames.SearchDb);

        // The key that encrypts webhook signing secrets at rest: base64 of 32 random bytes, from the secret
        // store (`dotnet user-secrets --project AppHost set Parameters:webhook-secret-key "$(openssl rand -base64 32)"`).
        // Required outside Development; in Development the service's published development key is used
        // unless one is set.
        if (!builder.Environment.IsDevelopment() || builder.Configuration["Parameters:webhook-secret-key"] is not null)
        {
            var webhookSecretKey = builder.AddParameter("webhook-secret-key", secret: true);
            subscriptions
                .WithEnvironment("Webhooks__SecretKeys__k1", webhookSecretKey)
                .WithEnvironment("Webhooks__ActiveSecretKey", "k1");
        }

        var gatewayReplicas = settings.ReplicasOf(ResourceNames.Gateway);
        builder.AddProject<Projects.RabatPlatform_Gateway>(ResourceNames.Gateway)
            .FromBuiltOutput()
            .WithoutTelemetryNobodyReceives()
            .WithoutHttpsCertificate()
            .WithEndpoint("http", endpoint =>
            {
                endpoint.Port = settings.GatewayPort;
                Replicate(endpoint, gatewayReplicas);
            })
            .WithReplicas(gatewayReplicas)
            .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging)
            .WithReference(infrastructure.Redis).WaitFor(infrastructure.Redis)
            // The gateway starts with the services, not after them: its own start (a few seconds) is then off
            // the cold start's critical path. Its /health is not ready until every service has been ready once
            // (ServiceHealthChecks: a service still starting keeps it not ready), so it turns Healthy when the
            // last service does, as before.
            .WithReference(content).WaitForStart(content)
            .WithReference(meetings).WaitForStart(meetings)
            .WithReference(publications).WaitForStart(publications)
            .WithReference(subscriptions).WaitForStart(subscriptions)
            .WithReference(search).WaitForStart(search)
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health")
            .WithUrlForEndpoint("http", url => url.DisplayText = "Gateway")
            .WithUrl($"{gatewayUrl}/docs", "API reference (/docs)");

        IResourceBuilder<ProjectResource> AddService<TProject>(string name, string databaseName)
            where TProject : IProjectMetadata, new()
        {
            var database = infrastructure.AddDatabase(databaseName);

            // The migrations: the service's own binary with `migrate`, a step that runs and Finishes. No
            // launch profile, so it claims no port.
            var migrations = builder.AddProject<TProject>($"{name}-migrations", launchProfileName: null)
                .FromBuiltOutput()
                .WithoutTelemetryNobodyReceives()
                .WithArgs("migrate")
                .WithoutHttpsCertificate()
                .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
                .WithReference(infrastructure.Messaging)
                .WithReference(database).WaitFor(database)
                .WithIconName("DatabaseArrowUp");

            // Plain http on the machine (TLS ends in front of the gateway in production): no development
            // certificate asked for, so the dashboard has no certificate warning to show.
            var replicas = settings.ReplicasOf(name);
            return builder.AddProject<TProject>(name)
                .FromBuiltOutput()
                .WithoutTelemetryNobodyReceives()
                .WithoutHttpsCertificate()
                .WithEndpoint("http", endpoint =>
                {
                    if (settings.DynamicPorts)
                    {
                        endpoint.Port = InfrastructureSettings.PortOrFree(0);
                    }

                    Replicate(endpoint, replicas);
                })
                .WithReplicas(replicas)
                .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging)
                .WithReference(database).WaitFor(database)
                .WaitForCompletion(migrations)
                .WithHttpHealthCheck("/health");
        }
    }

    /// <summary>
    /// One process listens on its documented port itself (no proxy: nothing between the gateway and the
    /// service). Several share it through Aspire's proxy, which spreads connections over them, each replica on
    /// a port of its own (Aspire refuses replicas behind an endpoint without a proxy).
    /// </summary>
    private static void Replicate(EndpointAnnotation endpoint, int replicas)
    {
        endpoint.IsProxied = replicas > 1;
        endpoint.TargetPort = replicas > 1 ? null : endpoint.Port;
    }
}
