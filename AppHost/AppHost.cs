using RabatPlatform.AppHost;
using RabatPlatform.AppHost.Infrastructure;

// The platform: PostgreSQL (a database per service), RabbitMQ and an SMTP server, as containers where a
// container runtime answers and as processes where none does (Infrastructure:Mode); then each service
// after its migrations, and the gateway. Configuration: appsettings.json, README "Run".
var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = PlatformInfrastructure.Add(builder);
var platform = PlatformSettings.From(builder);
if (platform.Services)
{
    PlatformServices.Add(builder, infrastructure, platform);
}

StartupSummary.Register(builder, infrastructure, platform);
PortCheck.Register(builder);

builder.Build().Run();
