using System.Reflection;
using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RabatPlatform.AppHost;

/// <summary>
/// Starts a project from the output its build left (<c>dotnet exec bin/&lt;configuration&gt;/&lt;tfm&gt;/X.dll</c>)
/// instead of Aspire's default <c>dotnet run --project X.csproj --no-build</c>.
/// </summary>
/// <remarks>
/// <c>dotnet run</c> evaluates the project with MSBuild before it starts the program, even with
/// <c>--no-build</c>: 1.5–3 CPU-seconds per process. The platform starts eleven (five migration steps, five
/// services, the gateway), so on two cores that evaluation alone was a third of the cold start (issue 16,
/// docs/performance.md). The AppHost builds every project it references with its own configuration, so the
/// output is the one <c>dotnet run --no-build</c> would have run; when it is missing (a project not built
/// yet) the resource keeps Aspire's default launch. The working directory stays the project's directory, as
/// under <c>dotnet run</c> (content root, appsettings.json). A build with <c>-p:RabatReadyToRun=true</c> also
/// leaves a ready-to-run copy (bin/&lt;configuration&gt;/&lt;tfm&gt;/r2r/), which starts on about half the CPU; it
/// is preferred while it is as new as the build.
/// </remarks>
internal static class BuiltOutputLaunch
{
    private static readonly string OutputDirectory = Path.Combine(
        "bin", AppHostConfiguration(), TargetFrameworkMoniker());

    public static IResourceBuilder<ProjectResource> FromBuiltOutput(this IResourceBuilder<ProjectResource> project)
    {
        if (!project.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return project; // publishing describes the project, not how this machine starts it
        }

        var projectPath = project.Resource.GetProjectMetadata().ProjectPath;
        var projectDirectory = Path.GetDirectoryName(projectPath)!;
        var fileName = Path.GetFileNameWithoutExtension(projectPath) + ".dll";
        var assembly = Path.Combine(projectDirectory, OutputDirectory, fileName);
        if (!File.Exists(assembly))
        {
            return project;
        }

        // The ready-to-run copy of the same build (Directory.Build.targets, RabatReadyToRun=true), unless a
        // later build without it left it behind.
        var readyToRun = Path.Combine(projectDirectory, OutputDirectory, "r2r", fileName);
        if (File.Exists(readyToRun) && File.GetLastWriteTimeUtc(readyToRun) >= File.GetLastWriteTimeUtc(assembly))
        {
            assembly = readyToRun;
        }

        // With an ExecutableAnnotation Aspire runs Command in WorkingDirectory with the resource's arguments
        // and adds no `run --project`; the assembly goes first, before arguments such as `migrate`.
        project.WithAnnotation(new ExecutableAnnotation { Command = "dotnet", WorkingDirectory = projectDirectory }, ResourceAnnotationMutationBehavior.Replace);
        return project.WithArgs(context =>
        {
            context.Args.Insert(0, assembly);
            context.Args.Insert(0, "exec");
        });
    }

    /// <summary>
    /// Without a dashboard (Platform:Dashboard=false, the test hosts) and no OTLP endpoint of the operator's
    /// (ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL), the project gets no OTLP endpoint: Aspire would still point it at
    /// the dashboard's default address, where nothing listens, and with its in-memory retry every process spent
    /// seconds on exporting on exit (a migration step: ~5 s asleep of its ~6 s) and kept retrying while it ran.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithoutTelemetryNobodyReceives(this IResourceBuilder<ProjectResource> project) =>
        project.WithEnvironment(context =>
        {
            var services = context.ExecutionContext.Services;
            var configuration = services.GetRequiredService<IConfiguration>();
            var dashboard = !(services.GetService<DistributedApplicationOptions>()?.DisableDashboard ?? false);
            var ownEndpoint = !string.IsNullOrWhiteSpace(configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"])
                || !string.IsNullOrWhiteSpace(configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"]);
            if (!dashboard && !ownEndpoint)
            {
                context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
                context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_PROTOCOL");
            }
        });

    private static string AppHostConfiguration() =>
        typeof(BuiltOutputLaunch).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private static string TargetFrameworkMoniker()
    {
        var framework = typeof(BuiltOutputLaunch).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
        var version = framework is null ? Environment.Version : new FrameworkName(framework).Version;
        return $"net{version.Major}.{version.Minor}";
    }
}
