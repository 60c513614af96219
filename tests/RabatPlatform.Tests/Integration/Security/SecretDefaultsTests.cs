using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Security;

/// <summary>
/// Every environment but Development (Staging as much as Production) must be given its own keys: a missing one
/// stops the service at start-up, naming the setting, instead of falling back to a key published in this repository.
/// </summary>
[Collection(SubscriptionsCollection.Name)]
public sealed class SecretDefaultsTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("Staging", "Subscriptions:TokenKey")]
    [InlineData("Staging", "Subscriptions:HashPepper")]
    [InlineData("Staging", "Webhooks:SecretKeys:k1")]
    [InlineData("Production", "Subscriptions:TokenKey")]
    [InlineData("Production", "Subscriptions:HashPepper")]
    public async Task A_missing_key_outside_development_stops_the_start_instead_of_using_the_development_key(string environment, string missing)
    {
        var settings = StandaloneSubscriptions.ProductionSecrets();
        settings.Remove(missing);
        var setting = missing.Replace(":k1", "", StringComparison.Ordinal);
        await AssertRefusedAsync(environment, settings, setting);
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("Production")]
    public async Task The_published_development_signing_key_is_refused_outside_development(string environment)
    {
        var settings = StandaloneSubscriptions.ProductionSecrets();
        settings["Authentication:DevSigningKey"] = Microsoft.Extensions.Hosting.PlatformAuthenticationOptions.DefaultDevSigningKey;
        await AssertRefusedAsync(environment, settings, "Authentication:DevSigningKey");
    }

    [Fact]
    public async Task Staging_without_any_token_issuer_stops_the_start()
    {
        var settings = StandaloneSubscriptions.ProductionSecrets();
        settings.Remove("Authentication:DevSigningKey");
        await AssertRefusedAsync("Staging", settings, "Authentication:Authority");
    }

    [Fact]
    public async Task Staging_starts_with_every_key_given()
    {
        await using var staging = await StandaloneSubscriptions.StartAsync("Staging", StandaloneSubscriptions.ProductionSecrets());
        using var secretariat = staging.SecretariatClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await secretariat.GetAsync("/api/subscriptions/newsletter/stats")).StatusCode);
    }

    private static async Task AssertRefusedAsync(string environment, Dictionary<string, string?> settings, string setting)
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var service = await StandaloneSubscriptions.StartAsync(environment, settings);
        });
        Assert.NotNull(failure);
        Assert.Contains(setting, failure.ToString(), StringComparison.Ordinal);
    }
}
