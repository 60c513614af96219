namespace RabatPlatform.AppHost.Infrastructure;

/// <summary>
/// The infrastructure the services reference, whichever way it runs: the broker, the SMTP server, Redis
/// (the gateway's shared state) and one database per service, each a resource with a connection string under the names of
/// <see cref="Contracts.ResourceNames"/>, so that <c>WithReference</c>/<c>WaitFor</c> read the same in
/// container and in process mode.
/// </summary>
public sealed record PlatformInfrastructure(
    InfrastructureSettings Settings,
    IResourceBuilder<IResourceWithConnectionString> Postgres,
    IResourceBuilder<IResourceWithConnectionString> Messaging,
    IResourceBuilder<IResourceWithConnectionString> Smtp,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> AddDatabase,
    string? Maildir)
{
    public static PlatformInfrastructure Add(IDistributedApplicationBuilder builder)
    {
        var settings = InfrastructureSettings.From(builder);
        return settings.Mode == InfrastructureMode.Containers
            ? ContainerInfrastructure.Add(builder, settings)
            : ProcessInfrastructure.Add(builder, settings);
    }
}
