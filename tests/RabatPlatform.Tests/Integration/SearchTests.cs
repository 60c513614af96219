using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Contracts;
using RabatPlatform.Search.Data;
using RabatPlatform.Search.Features.Query;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration;

/// <summary>
/// The search index over every public item type, fed by the events other services publish (published
/// here on the broker directly, as those services would): language, facets, suggestions, removal, rebuild.
/// </summary>
[Collection(ContentCollection.Name)]
public sealed class SearchTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly Dictionary<string, string> NoSlugs = [];

    private IBus Bus => platform.Search.Services.GetRequiredService<IBus>();

    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task French_and_english_stemming_accents_and_elisions()
    {
        var m = TestApi.Unique("st");
        await PublishMeetingAsync(Guid.NewGuid(), $"Réunion thématique sur la gestion des frontières {m}", $"Thematic meeting on border management {m}",
            "Les migrants et l'Afrique de l'Ouest", "Migrants and West Africa", new DateOnly(2022, 7, 5), "ES", ["border-management"], [11]);
        await WaitForAsync(m, 1);

        foreach (var (q, lang) in new[]
        {
            ("reunion", "fr"), ("frontieres", "fr"), ("FRONTIÈRE", "fr"), ("migrant", "fr"), ("Afrique", "fr"),
            ("l'Afrique", "fr"), ("d’Afrique", "fr"), ("meetings", "en"), ("borders", "en"), ("africa", "en"),
        })
        {
            var result = await SearchAsync($"{q} {m}", lang);
            Assert.True(result.Total() == 1, $"'{q}' ({lang}) should find the meeting");
        }

        // English stemming does not apply to French text and the other way round.
        Assert.Equal(0, (await SearchAsync($"meetings {m}", "fr")).Total());
    }

    [Fact]
    public async Task Titles_weigh_more_than_summaries_and_snippets_come_from_summaries()
    {
        var m = TestApi.Unique("wt");
        var inTitle = Guid.NewGuid();
        var inSummary = Guid.NewGuid();
        await PublishPublicationAsync(inSummary, $"Étude sur la mobilité {m}", $"Study on mobility {m}", "Un compendium sur la diaspora africaine", "A compendium on the African diaspora", new DateOnly(2020, 3, 1));
        await PublishPublicationAsync(inTitle, $"Compendium diaspora {m}", $"Diaspora compendium {m}", "Engagement des communautés", "Community engagement", new DateOnly(2019, 3, 1));
        await WaitForAsync(m, 2);

        var result = await SearchAsync($"diaspora {m}", "fr");
        Assert.Equal([inTitle, inSummary], result.Ids());
        Assert.Contains("<mark>diaspora</mark>", result["items"]![1]!["snippet"]!.GetValue<string>());
    }

    [Fact]
    public async Task Facets_count_the_current_query_and_filters_narrow_it()
    {
        var m = TestApi.Unique("fc");
        await PublishMeetingAsync(Guid.NewGuid(), $"Gestion des frontières à Madrid {m}", $"Border management in Madrid {m}", null, null, new DateOnly(2022, 7, 5), "ES", ["border-management"], [11]);
        await PublishMeetingAsync(Guid.NewGuid(), $"Gestion humanisée des frontières à Marrakech {m}", $"Humane border management in Marrakech {m}", null, null, new DateOnly(2023, 6, 22), "MA", ["border-management"], [11, 21]);
        await PublishPublicationAsync(Guid.NewGuid(), $"Guide des bonnes pratiques aux frontières {m}", $"Border good practices guide {m}", null, null, new DateOnly(2023, 1, 10));
        await WaitForAsync(m, 3);

        var all = await SearchAsync($"frontières {m}", "fr");
        Assert.Equal(3, all.Total());
        var facets = all["facets"]!;
        Assert.Equal(2, facets["type"]!["meeting"]!.GetValue<int>());
        Assert.Equal(1, facets["type"]!["publication"]!.GetValue<int>());
        Assert.Equal(2, facets["year"]!["2023"]!.GetValue<int>());
        Assert.Equal(1, facets["year"]!["2022"]!.GetValue<int>());
        Assert.Equal(2, facets["theme"]!["gcm-11"]!.GetValue<int>());
        Assert.Equal(1, facets["country"]!["MA"]!.GetValue<int>());

        Assert.Equal(2, (await SearchAsync($"frontières {m}", "fr", "&type=meeting")).Total());
        Assert.Equal(2, (await SearchAsync($"frontières {m}", "fr", "&year=2023")).Total());
        Assert.Equal(1, (await SearchAsync($"frontières {m}", "fr", "&country=ma")).Total());
        Assert.Equal(1, (await SearchAsync($"frontières {m}", "fr", "&theme=gcm-21&type=meeting&year=2023")).Total());
        Assert.Equal(0, (await SearchAsync($"frontières {m}", "fr", "&type=project")).Total());
    }

    [Fact]
    public async Task Suggestions_complete_titles_and_did_you_mean_corrects_typos()
    {
        var m = "sg-" + string.Concat(Guid.NewGuid().ToString("N")[..12].Select(c => (char)('g' + Convert.ToInt32(c.ToString(), 16))));
        await PublishMeetingAsync(Guid.NewGuid(), $"Coopération transfrontalière {m}", $"Cross-border cooperation {m}", null, null, new DateOnly(2019, 7, 1), "ES", [], []);
        var hex = TestApi.Unique("hx"); // e.g. "hx-3e5f…": PostgreSQL's parser reads parts of it as numbers
        await PublishMeetingAsync(Guid.NewGuid(), $"Plan d'action 2023-2027 après la COVID-19 {hex}", $"2023-2027 action plan after COVID-19 {hex}", null, null, new DateOnly(2023, 1, 1), "SN", [], []);
        await WaitForAsync(m, 1);
        await WaitForAsync(hex, 1);

        // Typed words are read by PostgreSQL's parser as the titles were: hyphenated words, numbers, ranges.
        foreach (var typed in new[] { hex[..^2], $"{hex} covid-1", $"{hex} 2023-20", $"{hex} plan d'ac" })
        {
            var found = await (await platform.Client.GetAsync($"/api/search/suggest?q={Uri.EscapeDataString(typed)}&lang=fr")).ReadJsonAsync();
            Assert.True(found["suggestions"]!.AsArray().Count == 1, $"'{typed}' completes the plan's title");
        }

        foreach (var hostile in new[] { "a\\", "'", "'' \\' :* & | ! <-> (", "plan d'" })
        {
            var response = await platform.Client.GetAsync($"/api/search/suggest?q={Uri.EscapeDataString(hostile)}&lang=fr");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var suggest = await (await platform.Client.GetAsync($"/api/search/suggest?q={m}%20coop&lang=fr")).ReadJsonAsync();
        Assert.StartsWith("Coopération transfrontalière", suggest["suggestions"]![0]!["title"]!.GetValue<string>());
        var english = await (await platform.Client.GetAsync($"/api/search/suggest?q=cross-bor&lang=en")).ReadJsonAsync();
        Assert.Contains(english["suggestions"]!.AsArray(), s => s!["title"]!.GetValue<string>().StartsWith("Cross-border", StringComparison.Ordinal));
        Assert.Empty((await (await platform.Client.GetAsync("/api/search/suggest?q=%22%27%26%7C!&lang=fr")).ReadJsonAsync())["suggestions"]!.AsArray());

        var typo = await SearchAsync("cooperasion transfrontaliere", "fr");
        Assert.Equal(0, typo.Total());
        Assert.Equal("cooperation transfrontaliere", typo["didYouMean"]!.GetValue<string>());
        Assert.Null((await SearchAsync("coopération", "fr"))["didYouMean"]);
    }

    [Fact]
    public async Task Cancelled_withdrawn_and_removed_items_leave_the_index_at_once()
    {
        var m = TestApi.Unique("rm");
        var meeting = Guid.NewGuid();
        var publication = Guid.NewGuid();
        var project = Guid.NewGuid();
        await PublishMeetingAsync(meeting, $"Atelier {m}", $"Workshop {m}", null, null, new DateOnly(2019, 10, 1), "CI", [], []);
        await PublishPublicationAsync(publication, $"Rapport {m}", $"Report {m}", null, null, new DateOnly(2020, 1, 1));
        await Bus.Publish(new ProjectPublished(Guid.NewGuid(), DateTimeOffset.UtcNow, project,
            Texts($"Projet d'appui {m}", $"Support project {m}", null, null), ["SN", "ML"], 2013, 2015, "EU", "ICMPD", ["return-reintegration"]));
        await WaitForAsync(m, 3);
        Assert.Equal(1, (await SearchAsync(m, "fr", "&type=project&country=SN&year=2013")).Total());

        await Bus.Publish(new MeetingCancelled(Guid.NewGuid(), DateTimeOffset.UtcNow, meeting, NoSlugs));
        await Bus.Publish(new PublicationWithdrawn(Guid.NewGuid(), DateTimeOffset.UtcNow, publication, NoSlugs));
        await Bus.Publish(new ProjectRemoved(Guid.NewGuid(), DateTimeOffset.UtcNow, project));
        var gone = await TestApi.SearchUntilAsync(platform.Client, m, "fr", r => r.Total() == 0);
        Assert.Equal(0, gone.Total());
    }

    [Fact]
    public async Task Pages_follow_publish_update_and_unpublish_and_bodies_are_searched()
    {
        var m = TestApi.Unique("pg");
        var page = Guid.NewGuid();
        var published = new DateTimeOffset(2024, 5, 2, 0, 0, 0, TimeSpan.Zero);
        await Bus.Publish(new PagePublished(Guid.NewGuid(), DateTimeOffset.UtcNow, page, published,
            PageTexts($"Présentation {m}", $"About {m}", "<p>Le <b>secrétariat</b> du dialogue</p>", "<p>The dialogue's secretariat</p>"), ["gcm-23"]));
        await WaitForAsync(m, 1);

        // A word of the body only: found (the whole-document vector), counted exactly, type "page".
        var body = await SearchAsync($"secretariat {m}", "fr");
        Assert.Equal(1, body.Total());
        Assert.False(body["totalIsEstimate"]!.GetValue<bool>());
        Assert.Equal("page", body["items"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(1, body["facets"]!["theme"]!["gcm-23"]!.GetValue<int>());
        Assert.Equal(1, (await SearchAsync($"secretariat {m}", "en")).Total());

        await Bus.Publish(new PageUpdated(Guid.NewGuid(), DateTimeOffset.UtcNow.AddSeconds(1), page, published,
            PageTexts($"Gouvernance {m}", $"Governance {m}", "<p>Les partenaires</p>", "<p>The partners</p>"), []));
        await WaitForAsync($"gouvernance {m}", 1);
        // The gateway cached this query before the edit: its copy goes when the index's change reaches it.
        await TestApi.SearchUntilAsync(platform.Client, $"secretariat {m}", "fr", r => r.Total() == 0);

        await Bus.Publish(new PageUnpublished(Guid.NewGuid(), DateTimeOffset.UtcNow.AddSeconds(2), page, NoSlugs));
        var gone = await TestApi.SearchUntilAsync(platform.Client, m, "fr", r => r.Total() == 0);
        Assert.Equal(0, gone.Total());
    }

    [Fact]
    public async Task Phrases_match_adjacent_words_anywhere_in_the_document_and_exclusions_hold()
    {
        var m = TestApi.Unique("ph");
        var (inTitle, inBody, apart, excluded) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var date = new DateTimeOffset(2024, 5, 2, 0, 0, 0, TimeSpan.Zero);
        await PublishPageAsync(inTitle, date, $"La traite des êtres humains {m}", "<p>Rapport annuel</p>");
        await PublishPageAsync(inBody, date.AddDays(-1), $"Rapport {m}", "<p>Lutter contre la traite des êtres humains en Afrique</p>");
        await PublishPageAsync(apart, date.AddDays(-2), $"Humains {m}", "<p>La traite est un fléau ; les êtres comptent.</p>");
        await PublishPageAsync(excluded, date.AddDays(-3), $"Traite des êtres humains au Sahel {m}", "<p>Rapport</p>");
        await WaitForAsync(m, 4);

        // The index finds every document with the three words; only those with the phrase remain, wherever it is.
        var phrase = await SearchAsync($"\"traite des etres humains\" {m}", "fr");
        Assert.Equal(3, phrase.Total());
        Assert.Equal(new[] { inTitle, excluded, inBody }.Order(), phrase.Ids().Order());
        Assert.Equal(inBody, phrase.Ids().Last());

        var without = await SearchAsync($"\"traite des êtres humains\" -sahel {m}", "fr");
        Assert.Equal(new[] { inTitle, inBody }.Order(), without.Ids().Order());
        Assert.Equal(0, (await SearchAsync($"\"êtres traite\" {m}", "fr")).Total());
    }

    [Fact]
    public async Task Broad_queries_count_to_a_bound_and_still_rank_the_newest_title_matches()
    {
        // More matches than SearchQueries.ExactLimit, written straight into the index: body-only matches first
        // (in table order), then one newer document with the word in its title.
        var word = "brd" + new string(Guid.NewGuid().ToString("N").Select(c => (char)('a' + (c % 26))).ToArray())[..10];
        var titled = Guid.NewGuid();
        using (var scope = platform.Search.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SearchDbContext>();
            var old = new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero);
            db.Documents.AddRange(Enumerable.Range(0, SearchQueries.ExactLimit + 100).Select(i =>
                Document(Guid.NewGuid(), old.AddDays(i), $"Document {i}", $"Un texte qui parle de {word}.")));
            db.Documents.Add(Document(titled, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), $"Tout sur {word}", "Texte."));
            await db.SaveChangesAsync();
        }

        var result = await SearchAsync(word, "fr");
        Assert.Equal(SearchQueries.ExactLimit, result.Total());
        Assert.True(result["totalIsEstimate"]!.GetValue<bool>());
        Assert.Equal(titled, result.Ids().First());
        Assert.Equal(SearchQueries.ExactLimit, result["facets"]!["type"]!["news"]!.GetValue<int>());

        static SearchDocument Document(Guid id, DateTimeOffset date, string title, string body) => new()
        {
            ItemType = "news", ItemId = id, Language = "fr", TextLanguage = "fr", Slug = $"n-{id:N}", Title = title, Body = body,
            Date = date, RefreshedAt = date, SourceTime = date,
        };
    }

    [Fact]
    public async Task The_language_facet_counts_own_language_texts_and_fallbacks_and_filters_them()
    {
        var m = TestApi.Unique("lg");
        var (bilingual, frenchOnly) = (Guid.NewGuid(), Guid.NewGuid());
        await Bus.Publish(new NewsPublished(Guid.NewGuid(), DateTimeOffset.UtcNow, bilingual, DateTimeOffset.UtcNow,
            Texts($"Dialogue euro-africain {m}", $"Euro-African dialogue {m}", null, null), []));
        await Bus.Publish(new NewsPublished(Guid.NewGuid(), DateTimeOffset.UtcNow, frenchOnly, DateTimeOffset.UtcNow.AddDays(-1),
            new Dictionary<string, TranslatedText> { ["fr"] = new($"Dialogue régional {m}", null, null, TestApi.Unique("fr")) }, []));
        await WaitForAsync(m, 2);

        // In English: one text in English, one French text standing in (fallback).
        var english = await SearchAsync($"dialogue {m}", "en");
        Assert.Equal(2, english.Total());
        Assert.Equal(1, english["facets"]!["language"]!["en"]!.GetValue<int>());
        Assert.Equal(1, english["facets"]!["language"]!["fr"]!.GetValue<int>());
        Assert.Equal([bilingual], (await SearchAsync($"dialogue {m}", "en", "&language=en")).Ids());
        Assert.Equal([frenchOnly], (await SearchAsync($"dialogue {m}", "en", "&language=fr")).Ids());
        Assert.Equal(2, (await SearchAsync($"dialogue {m}", "fr", "&language=fr")).Total());
    }

    [Fact]
    public async Task A_late_older_event_does_not_overwrite_a_newer_one()
    {
        var m = TestApi.Unique("od");
        var id = Guid.NewGuid();
        var newer = DateTimeOffset.UtcNow;
        await Bus.Publish(new MeetingUpdated(Guid.NewGuid(), newer, id, Meeting($"Nouveau titre {m}", $"New title {m}", null, null, new DateOnly(2021, 1, 1), null, [], [])));
        await WaitForAsync($"Nouveau {m}", 1);
        await Bus.Publish(new MeetingAnnounced(Guid.NewGuid(), newer.AddMinutes(-5), id, Meeting($"Ancien titre {m}", $"Old title {m}", null, null, new DateOnly(2021, 1, 1), null, [], [])));
        await Bus.Publish(new MeetingUpdated(Guid.NewGuid(), newer.AddSeconds(1), id, Meeting($"Dernier titre {m}", $"Last title {m}", null, null, new DateOnly(2021, 1, 1), null, [], [])));
        await WaitForAsync($"Dernier {m}", 1);
        Assert.Equal(0, (await SearchAsync($"Ancien {m}", "fr")).Total());
    }

    [Theory]
    [InlineData("&type=video", "type")]
    [InlineData("&country=MAR", "country")]
    [InlineData("&year=1800", "year")]
    [InlineData("&year=abc", null)]
    [InlineData("&language=de", "language")]
    public async Task Bad_filters_are_named(string filter, string? field)
    {
        var response = await platform.Client.GetAsync($"/api/search?q=migration{filter}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            Assert.NotNull((await response.ReadJsonAsync())["errors"]![field]);
        }
    }

    [Fact]
    public async Task Completions_of_a_rebuild_arriving_together_are_all_counted()
    {
        // Each service answers a rebuild on its own: their completions are consumed side by side, and none may
        // overwrite another's (a lost update left a service missing and the rebuild never complete).
        var rebuildId = Guid.NewGuid();
        var started = platform.Clock.GetUtcNow();
        await platform.InDbAsync<RabatPlatform.Search.Data.SearchDbContext, int>(platform.Search.Services, db =>
        {
            db.Rebuilds.Add(new RabatPlatform.Search.Data.SearchRebuild { Id = rebuildId, StartedAt = started });
            return db.SaveChangesAsync();
        });
        string[] services = ["content", "meetings", "publications", "projects", "a", "b", "c", "d"];

        await Task.WhenAll(services.Select(service =>
            Bus.Publish(new SearchReindexCompleted(Guid.NewGuid(), DateTimeOffset.UtcNow, rebuildId, service, [], 0))));

        await TestApi.WaitUntilAsync(async () => (await platform.InDbAsync<RabatPlatform.Search.Data.SearchDbContext, List<string>>(
                platform.Search.Services, async db => (await db.Rebuilds.AsNoTracking().SingleAsync(r => r.Id == rebuildId)).CompletedServices))
            .Order().SequenceEqual(services.Order()), TimeSpan.FromSeconds(30), "every completion is counted");
    }

    [Fact]
    public async Task Rebuild_reindexes_from_the_services_and_drops_what_no_longer_exists()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var m = TestApi.Unique("rb");
        var live = await TestApi.CreateAndPublishNewsAsync(secretariat, TestApi.NewsBody($"Actualité vivante {m}", $"Live news {m}"));
        await WaitForAsync(m, 1);

        // A document the content service no longer has (as after a lost unpublish or a schema change).
        var stale = Guid.NewGuid();
        await Bus.Publish(new NewsPublished(Guid.NewGuid(), DateTimeOffset.UtcNow, stale, DateTimeOffset.UtcNow,
            Texts($"Actualité fantôme {m}", $"Ghost news {m}", null, null), []));
        await WaitForAsync(m, 2);

        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Client.PostAsync("/api/search/rebuild", null)).StatusCode);
        var started = await secretariat.PostAsync("/api/search/rebuild", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var rebuildId = (await started.ReadJsonAsync())["id"]!.GetValue<Guid>();

        JsonObject status = [];
        await TestApi.WaitUntilAsync(async () =>
        {
            status = await (await secretariat.GetAsync($"/api/search/rebuild/{rebuildId}")).ReadJsonAsync();
            return status["completedServices"]!.AsArray().Any(s => s!.GetValue<string>() == "content");
        }, TimeSpan.FromSeconds(30), "content has re-announced its news");

        Assert.Equal(1, status["itemsReannounced"]!.GetValue<int>());
        var after = await SearchAsync(m, "fr");
        Assert.Equal([live], after.Ids());
        Assert.Equal(HttpStatusCode.NotFound, (await secretariat.GetAsync($"/api/search/rebuild/{Guid.NewGuid()}")).StatusCode);
    }

    private Task<JsonObject> SearchAsync(string q, string lang, string filters = "") =>
        platform.Client.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}&lang={lang}{filters}")
            .ContinueWith(t => t.Result.ReadJsonAsync()).Unwrap();

    private Task WaitForAsync(string q, int count) =>
        TestApi.WaitUntilAsync(async () => (await SearchAsync(q, "fr")).Total() == count, TimeSpan.FromSeconds(20), $"'{q}' finds {count} item(s)");

    private static Dictionary<string, TranslatedText> Texts(string fr, string en, string? frSummary, string? enSummary) => new()
    {
        ["fr"] = new(fr, frSummary, null, TestApi.Unique("fr")),
        ["en"] = new(en, enSummary, null, TestApi.Unique("en")),
    };

    private static Dictionary<string, TranslatedText> PageTexts(string fr, string en, string frBody, string enBody) => new()
    {
        ["fr"] = new(fr, null, frBody, TestApi.Unique("fr")),
        ["en"] = new(en, null, enBody, TestApi.Unique("en")),
    };

    private Task PublishPageAsync(Guid id, DateTimeOffset published, string frTitle, string frBody) =>
        Bus.Publish(new PagePublished(Guid.NewGuid(), DateTimeOffset.UtcNow, id, published, PageTexts(frTitle, frTitle, frBody, frBody), []));

    private static MeetingData Meeting(string fr, string en, string? frSummary, string? enSummary, DateOnly start, string? country, string[] themes, int[] gcm) =>
        new("thematic-meeting", Texts(fr, en, frSummary, enSummary), start, start.AddDays(1), null, country, "in-person", [], themes, gcm);

    private Task PublishMeetingAsync(Guid id, string fr, string en, string? frSummary, string? enSummary, DateOnly start, string? country, string[] themes, int[] gcm) =>
        Bus.Publish(new MeetingAnnounced(Guid.NewGuid(), DateTimeOffset.UtcNow, id, Meeting(fr, en, frSummary, enSummary, start, country, themes, gcm)));

    private Task PublishPublicationAsync(Guid id, string fr, string en, string? frSummary, string? enSummary, DateOnly date) =>
        Bus.Publish(new PublicationPublished(Guid.NewGuid(), DateTimeOffset.UtcNow, id,
            new PublicationData("study", Texts(fr, en, frSummary, enSummary), date, ["BE", "ICMPD"], ["diaspora"], [19], null)));
}
