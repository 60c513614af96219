using RabatPlatform.Contracts;

namespace RabatPlatform.AppHost.Infrastructure;

/// <summary>Containers, where a container runtime answers: RabbitMQ with management, PostgreSQL, Mailpit, Redis.</summary>
internal static class ContainerInfrastructure
{
    public static PlatformInfrastructure Add(IDistributedApplicationBuilder builder, InfrastructureSettings settings)
    {
        var ports = settings.Ports;
        var messaging = builder.AddRabbitMQ(ResourceNames.Messaging, port: NullIfFree(ports.RabbitMq))
            .WithManagementPlugin(NullIfFree(ports.RabbitMqManagement));
        var postgres = builder.AddPostgres(ResourceNames.Postgres, port: NullIfFree(ports.Postgres));
        if (settings.Durable)
        {
            messaging.WithDataVolume();
            postgres.WithDataVolume();
        }

        var mail = builder.AddResource(new MailpitResource(ResourceNames.Smtp))
            .WithImage("axllent/mailpit", "v1.27")
            .WithImageRegistry("docker.io")
            .WithHttpEndpoint(port: NullIfFree(ports.MailUi), targetPort: 8025, name: "http")
            .WithEndpoint(port: NullIfFree(ports.Smtp), targetPort: 1025, name: MailpitResource.SmtpEndpointName, scheme: "smtp")
            .WithHttpHealthCheck("/livez", endpointName: "http");

        // The gateway's shared cache and rate-limit windows: nothing worth keeping over a restart (an empty
        // cache is always right), so no data volume even when durable.
        var redis = builder.AddRedis(ResourceNames.Redis, port: NullIfFree(ports.Redis));

        return new PlatformInfrastructure(
            settings,
            postgres.AsConnectionString(),
            messaging.AsConnectionString(),
            mail.AsConnectionString(),
            redis.AsConnectionString(),
            name => postgres.AddDatabase(name).AsConnectionString(),
            Maildir: null);
    }

    private static int? NullIfFree(int port) => port == 0 ? null : port;

    private static IResourceBuilder<IResourceWithConnectionString> AsConnectionString<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString =>
        builder.ApplicationBuilder.CreateResourceBuilder<IResourceWithConnectionString>(builder.Resource);
}

/// <summary>Mailpit: catches every mail (web UI on its http endpoint); its connection string is <c>smtp://host:port</c>.</summary>
internal sealed class MailpitResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    public const string SmtpEndpointName = "smtp";

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{new EndpointReference(this, SmtpEndpointName).Property(EndpointProperty.Url)}");
}
