using Microsoft.Extensions.Configuration;
using RabatPlatform.AppHost;
using RabatPlatform.AppHost.Infrastructure;

// The platform: PostgreSQL (a database per service), RabbitMQ and an SMTP server, as containers where a
// container runtime answers and as processes where none does (Infrastructure:Mode); then each service
// after its migrations, and the gateway. Configuration: appsettings.json, README "Run".
// Platform:Dashboard=false: no dashboard, e.g. for scripts that run the infrastructure alone beside a local run.
var startup = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = args,
    DisableDashboard = !startup.GetValue("Platform:Dashboard", defaultValue: true),
});

var infrastructure = PlatformInfrastructure.Add(builder);
var platform = PlatformSettings.From(builder);
if (platform.Services)
{
    PlatformServices.Add(builder, infrastructure, platform);
}

StartupSummary.Register(builder, infrastructure, platform);
StartupTimeline.Register(builder);
PortCheck.Register(builder);

builder.Build().Quicken().Run();
