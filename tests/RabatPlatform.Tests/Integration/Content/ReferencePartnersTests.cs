using System.Net;
using System.Net.Http.Json;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Content;

/// <summary>The partner directory: countries by ISO 3166-1 alpha-2 code, organisations, events.</summary>
[Collection(ContentCollection.Name)]
public sealed class ReferencePartnersTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Partners_are_registered_read_in_both_languages_filtered_and_announced()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var created = await secretariat.PostAsJsonAsync("/api/content/partners",
            ReferenceApi.Partner("ma", "country", "partner", "Maroc", "Morocco"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("MA", (await created.ReadJsonAsync())["code"]!.GetValue<string>());
        Assert.Equal("/api/content/partners/MA", created.Headers.Location?.OriginalString);
        await ReferenceApi.CreatePartnerAsync(secretariat, "ES", "Espagne", "Spain");
        Assert.Equal(HttpStatusCode.Created, (await secretariat.PostAsJsonAsync("/api/content/partners",
            ReferenceApi.Partner("ECOWAS", "organisation", "observer", "CEDEAO", "ECOWAS", null))).StatusCode);

        var morocco = await (await platform.Client.GetAsync("/api/content/partners/MA?lang=en")).ReadJsonAsync();
        Assert.Equal("Morocco", morocco["name"]!.GetValue<string>());
        Assert.Equal("Maroc", morocco["names"]!["fr"]!.GetValue<string>());
        Assert.Equal("2006-07-10", morocco["memberSince"]!.GetValue<string>());
        var lower = await platform.Client.GetAsync("/api/content/partners/ma");
        Assert.Equal("Maroc", (await lower.ReadJsonAsync())["name"]!.GetValue<string>());

        var all = await (await platform.Client.GetAsync("/api/content/partners?lang=fr")).ReadJsonAsync();
        Assert.Equal(["CEDEAO", "Espagne", "Maroc"], all["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
        var countries = await (await platform.Client.GetAsync("/api/content/partners?type=country")).ReadJsonAsync();
        Assert.Equal(2, countries["total"]!.GetValue<int>());
        var observers = await (await platform.Client.GetAsync("/api/content/partners?status=observer")).ReadJsonAsync();
        Assert.Equal("ECOWAS", Assert.Single(observers["items"]!.AsArray())!["code"]!.GetValue<string>());

        var updated = await secretariat.PutAsJsonAsync("/api/content/partners/ES",
            ReferenceApi.Partner("ES", "country", "observer", "Royaume d'Espagne", "Kingdom of Spain"));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("observer", (await updated.ReadJsonAsync())["status"]!.GetValue<string>());

        var registered = await platform.OutboxAsync("partner.registered");
        Assert.Equal(["MA", "ES", "ECOWAS"], registered.Select(e => e["partner"]!["code"]!.GetValue<string>()));
        Assert.Equal("Morocco", registered[0]["partner"]!["names"]!["en"]!.GetValue<string>());
        Assert.Equal("organisation", registered[2]["partner"]!["type"]!.GetValue<string>());
        var changed = Assert.Single(await platform.OutboxAsync("partner.updated"));
        Assert.Equal("Kingdom of Spain", changed["partner"]!["names"]!["en"]!.GetValue<string>());
        Assert.Equal("observer", changed["partner"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_partners_get_problem_details_and_write_nothing()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        await ReferenceApi.CreatePartnerAsync(secretariat, "SN", "Sénégal", "Senegal");

        var duplicate = await secretariat.PostAsJsonAsync("/api/content/partners", ReferenceApi.Partner("sn", "country", "partner", "Sénégal", "Senegal"));
        var conflict = await duplicate.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(conflict["errors"]!.AsObject().ContainsKey("code"));

        // Not an assigned ISO 3166-1 alpha-2 code (UK is reserved, GB is the code), a 3-letter code, an organisation code with a space.
        foreach (var code in new[] { "XX", "UK", "MAR" })
        {
            await (await secretariat.PostAsJsonAsync("/api/content/partners", ReferenceApi.Partner(code, "country", "partner", "X", "X")))
                .AssertFieldErrorAsync("code");
        }

        await (await secretariat.PostAsJsonAsync("/api/content/partners", ReferenceApi.Partner("EC OWAS", "organisation", "partner", "X", "X")))
            .AssertFieldErrorAsync("code");
        await (await secretariat.PostAsJsonAsync("/api/content/partners", ReferenceApi.Partner("ABCDEFGHIJKLMNOPQ", "organisation", "partner", "X", "X")))
            .AssertFieldErrorAsync("code");
        await (await secretariat.PostAsJsonAsync("/api/content/partners", ReferenceApi.Partner("ML", "state", "partner", "Mali", "Mali")))
            .AssertFieldErrorAsync("type");
        await (await secretariat.PostAsJsonAsync("/api/content/partners", ReferenceApi.Partner("ML", "country", "member", "Mali", "Mali")))
            .AssertFieldErrorAsync("status");
        var english = await secretariat.PostAsJsonAsync("/api/content/partners?lang=en",
            new { code = "ML", type = "country", status = "partner", names = new { fr = "Mali" } });
        var problem = await english.AssertFieldErrorAsync("names.en");
        Assert.Equal("The name is required.", problem["errors"]!["names.en"]![0]!.GetValue<string>());
        await (await secretariat.PostAsJsonAsync("/api/content/partners", new { code = "ML", type = "country", status = "partner", names = new { fr = "Mali", en = "Mali", de = "Mali" } }))
            .AssertFieldErrorAsync("names.de");

        await (await platform.Client.GetAsync("/api/content/partners/ZZ")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await secretariat.PutAsJsonAsync("/api/content/partners/ML", ReferenceApi.Partner("ML", "country", "partner", "Mali", "Mali")))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await secretariat.PutAsJsonAsync("/api/content/partners/SN", ReferenceApi.Partner("MA", "country", "partner", "Maroc", "Morocco")))
            .AssertFieldErrorAsync("code");
        await (await platform.Client.GetAsync("/api/content/partners?type=state")).AssertFieldErrorAsync("type");
        await (await platform.Client.GetAsync("/api/content/partners?lang=de")).AssertFieldErrorAsync("lang");

        await (await platform.Client.PostAsJsonAsync("/api/content/partners", ReferenceApi.Partner("ML", "country", "partner", "Mali", "Mali")))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        var partner = await platform.ClientAsAsync("partner", "SN");
        await (await partner.PutAsJsonAsync("/api/content/partners/SN", ReferenceApi.Partner("SN", "country", "observer", "Sénégal", "Senegal")))
            .AssertProblemAsync(HttpStatusCode.Forbidden);

        var list = await (await secretariat.GetAsync("/api/content/partners")).ReadJsonAsync();
        Assert.Equal(1, list["total"]!.GetValue<int>());
        Assert.Single(await platform.OutboxAsync("partner.registered"));
        Assert.Empty(await platform.OutboxAsync("partner.updated"));
    }
}
