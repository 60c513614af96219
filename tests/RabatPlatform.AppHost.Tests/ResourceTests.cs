using Aspire.Hosting.ApplicationModel;
using RabatPlatform.Contracts;

namespace RabatPlatform.AppHost.Tests;

/// <summary>What an operator sees on the dashboard after a start: every resource Running (or Finished, the migrations), healthy.</summary>
[Collection(AppHostCollection.Name)]
public sealed class ResourceTests(AppHostFixture platform)
{
    [Fact]
    public async Task Every_resource_is_running_and_healthy_and_every_migrations_step_finished()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var service in ResourceNames.Services)
        {
            var migrations = await platform.App.ResourceNotifications.WaitForResourceAsync(
                $"{service}-migrations", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);
            Assert.Equal(KnownResourceStates.Finished, migrations.Snapshot.State?.Text);
            Assert.Equal(0, migrations.Snapshot.ExitCode);
        }

        string[] running = [ResourceNames.Postgres, ResourceNames.Messaging, ResourceNames.Smtp, ResourceNames.Redis, ResourceNames.Gateway,
            ResourceNames.ContentDb, ResourceNames.MeetingsDb, ResourceNames.PublicationsDb, ResourceNames.SubscriptionsDb, ResourceNames.SearchDb,
            .. ResourceNames.Services];
        foreach (var name in running)
        {
            var resource = await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
            Assert.Equal(KnownResourceStates.Running, resource.Snapshot.State?.Text);
        }
    }

    [Fact]
    public async Task The_gateway_reports_every_service_ready()
    {
        using var secretariat = await platform.ClientAsAsync("secretariat"); // details are for operators
        var response = await secretariat.GetAsync("/health");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        foreach (var service in ResourceNames.Services)
        {
            Assert.Contains(service, text, StringComparison.Ordinal);
        }
    }
}
