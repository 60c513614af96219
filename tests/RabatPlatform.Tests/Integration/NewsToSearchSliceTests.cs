using System.Net;
using System.Net.Http.Json;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration;

/// <summary>
/// The first slice, end to end through the gateway: a secretariat creates a bilingual news item,
/// publishes it, content emits <c>news.published</c> through its outbox, search indexes it, and the
/// public finds it in either language.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class NewsToSearchSliceTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Published_news_is_found_by_search_in_both_languages_accent_insensitively()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var marker = TestApi.Unique("zq");
        var id = await TestApi.CreateAndPublishNewsAsync(secretariat, TestApi.NewsBody(
            $"Réunion thématique sur la gestion des frontières {marker}",
            $"Thematic meeting on border management {marker}"));

        var french = await TestApi.SearchUntilAsync(platform.Client, $"frontieres {marker}", "fr", r => r.Total() > 0);
        Assert.Equal([id], french.Ids());
        var hit = french["items"]![0]!;
        Assert.Equal("news", hit["type"]!.GetValue<string>());
        Assert.Equal("fr", hit["language"]!.GetValue<string>());
        Assert.StartsWith("reunion-thematique-sur-la-gestion-des-frontieres", hit["slug"]!.GetValue<string>());
        Assert.Contains("<mark>", hit["snippet"]!.GetValue<string>());

        var english = await TestApi.SearchUntilAsync(platform.Client, $"borders {marker}", "en", r => r.Total() > 0);
        Assert.Equal([id], english.Ids());
        Assert.Equal("en", english["items"]![0]!["language"]!.GetValue<string>());

        // The public reads the item by either slug, in the language it asks for.
        var read = await platform.Client.GetAsync($"/api/content/news/{hit["slug"]}?lang=en");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var item = await read.ReadJsonAsync();
        Assert.Equal("en", item["language"]!.GetValue<string>());
        Assert.False(item["fallback"]!.GetValue<bool>());
        Assert.StartsWith("Thematic meeting", item["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_missing_translation_falls_back_to_the_other_language_and_says_so()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var marker = TestApi.Unique("fb");
        var created = await secretariat.PostAsJsonAsync("/api/content/news", new
        {
            translations = new { fr = new { title = $"Atelier technique à Abuja {marker}", summary = "Transferts de fonds de la diaspora" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.OK, (await secretariat.PostAsync($"/api/content/news/{id}/publish", null)).StatusCode);

        var english = await TestApi.SearchUntilAsync(platform.Client, $"Abuja {marker}", "en", r => r.Total() > 0);
        var hit = english["items"]![0]!;
        Assert.Equal("fr", hit["language"]!.GetValue<string>());
        Assert.True(hit["fallback"]!.GetValue<bool>());

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/content/news/{hit["slug"]}");
        request.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
        var item = await (await platform.Client.SendAsync(request)).ReadJsonAsync();
        Assert.Equal("fr", item["language"]!.GetValue<string>());
        Assert.True(item["fallback"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Drafts_are_not_public_and_not_indexed()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var marker = TestApi.Unique("dr");
        var created = await secretariat.PostAsJsonAsync("/api/content/news", TestApi.NewsBody($"Brouillon {marker}", $"Draft {marker}"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var slug = (await created.ReadJsonAsync())["translations"]!["fr"]!["slug"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NotFound, (await platform.Client.GetAsync($"/api/content/news/{slug}")).StatusCode);
        var list = await (await platform.Client.GetAsync("/api/content/news?lang=fr")).ReadJsonAsync();
        Assert.Equal(0, list.Total());
        var search = await (await platform.Client.GetAsync($"/api/search?q={marker}&lang=fr")).ReadJsonAsync();
        Assert.Equal(0, search.Total());
    }
}
