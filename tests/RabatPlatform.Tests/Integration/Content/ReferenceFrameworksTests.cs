using System.Net;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Content;

/// <summary>Strategic frameworks and the GCM's 23 objectives, addressable by code in both languages.</summary>
[Collection(ContentCollection.Name)]
public sealed class ReferenceFrameworksTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Frameworks_domains_and_objectives_are_addressable_by_code()
    {
        var list = await (await platform.Client.GetAsync("/api/content/frameworks?lang=en")).ReadJsonAsync();
        var frameworks = list["items"]!.AsArray();
        Assert.Equal(["rabat-2006", "marrakech-2018", "cadiz-2023"], frameworks.Select(f => f!["code"]!.GetValue<string>()));
        var marrakech = frameworks[1]!;
        Assert.Equal("Marrakech Action Plan 2018-2020", marrakech["title"]!.GetValue<string>());
        Assert.Equal("Plan d'action de Marrakech 2018-2020", marrakech["titles"]!["fr"]!.GetValue<string>());
        Assert.Equal(5, marrakech["children"]!.AsArray().Count);
        Assert.Equal(5, frameworks[2]!["children"]!.AsArray().Count);

        var domain = await (await platform.Client.GetAsync("/api/content/frameworks/cadiz-2023.d4?lang=fr")).ReadJsonAsync();
        Assert.Equal("domain", domain["kind"]!.GetValue<string>());
        Assert.Equal("cadiz-2023", domain["parent"]!.GetValue<string>());
        Assert.StartsWith("Prévention et réduction effective de la migration irrégulière", domain["title"]!.GetValue<string>());

        var objective = await (await platform.Client.GetAsync("/api/content/frameworks/marrakech-2018.d4.o7")).ReadJsonAsync();
        Assert.Equal("objective", objective["kind"]!.GetValue<string>());
        Assert.Equal("marrakech-2018.d4", objective["parent"]!.GetValue<string>());
        Assert.Contains("gestion intégrée des frontières", objective["title"]!.GetValue<string>());

        var rabat = await (await platform.Client.GetAsync("/api/content/frameworks/RABAT-2006?lang=en")).ReadJsonAsync();
        Assert.Equal(2006, rabat["startYear"]!.GetValue<int>());

        await (await platform.Client.GetAsync("/api/content/frameworks/cadiz-2023.d9")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await platform.Client.GetAsync("/api/content/frameworks/tripoli-2006")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await platform.Client.GetAsync("/api/content/frameworks?lang=es")).AssertFieldErrorAsync("lang");
    }

    [Fact]
    public async Task The_23_gcm_objectives_have_short_and_full_titles_in_both_languages()
    {
        var list = await (await platform.Client.GetAsync("/api/content/gcm-objectives?lang=en")).ReadJsonAsync();
        var items = list["items"]!.AsArray();
        Assert.Equal(23, list["total"]!.GetValue<int>());
        Assert.Equal(Enumerable.Range(1, 23), items.Select(i => i!["number"]!.GetValue<int>()));
        Assert.All(items, i =>
        {
            Assert.False(string.IsNullOrWhiteSpace(i!["titles"]!["fr"]!["title"]!.GetValue<string>()));
            Assert.False(string.IsNullOrWhiteSpace(i["titles"]!["en"]!["short"]!.GetValue<string>()));
        });
        Assert.Equal("Manage borders in an integrated, secure and coordinated manner", items[10]!["title"]!.GetValue<string>());

        var eleven = await (await platform.Client.GetAsync("/api/content/gcm-objectives/11?lang=fr")).ReadJsonAsync();
        Assert.Equal("gcm-11", eleven["code"]!.GetValue<string>());
        Assert.Equal("Gérer les frontières", eleven["shortTitle"]!.GetValue<string>());
        Assert.Equal("Gérer les frontières de manière intégrée, sûre et coordonnée", eleven["title"]!.GetValue<string>());

        await (await platform.Client.GetAsync("/api/content/gcm-objectives/24")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await platform.Client.GetAsync("/api/content/gcm-objectives/0")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await platform.Client.GetAsync("/api/content/gcm-objectives/eleven")).AssertFieldErrorAsync("n");
    }
}
