using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Content.Features.Editorial;
using RabatPlatform.Contracts;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.EditorialTestApi;

namespace RabatPlatform.Tests.Integration.Content;

/// <summary>News and pages: workflow, scheduler, fallback, sanitising, revisions, previews, events.</summary>
[Collection(ContentCollection.Name)]
public sealed class EditorialWorkflowTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("news", "news")]
    [InlineData("pages", "page")]
    public async Task Draft_publish_update_unpublish_archive_with_events(string kind, string family)
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var item = await CreateAsync(secretariat, kind, Body("Brouillon", "Draft"));
        var id = item.Id();
        var slug = item.Slug("fr");
        Assert.Equal("draft", item["status"]!.GetValue<string>());

        // Drafts are not public; the Secretariat lists them with status=.
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Client.GetAsync($"/api/content/{kind}/{slug}")).StatusCode);
        Assert.Equal(0, (await (await platform.Client.GetAsync($"/api/content/{kind}")).ReadJsonAsync()).Total());
        var drafts = await (await secretariat.GetAsync($"/api/content/{kind}?status=draft")).ReadJsonAsync();
        Assert.Equal([id], drafts.Ids());
        await AssertProblemAsync(await platform.Client.GetAsync($"/api/content/{kind}?status=draft"), HttpStatusCode.Unauthorized);
        var partner = await platform.ClientAsAsync("partner", "MA");
        await AssertProblemAsync(await partner.GetAsync($"/api/content/{kind}?status=draft"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await partner.PostAsync($"/api/content/{kind}/{id}/publish", null), HttpStatusCode.Forbidden);

        var published = await PublishAsync(secretariat, kind, id);
        Assert.Equal("published", published["status"]!.GetValue<string>());
        var read = await (await platform.Client.GetAsync($"/api/content/{kind}/{slug}?lang=fr")).ReadJsonAsync();
        Assert.Equal("Brouillon", read["title"]!.GetValue<string>());
        Assert.False(read["fallback"]!.GetValue<bool>());
        Assert.Equal(family, read["type"]!.GetValue<string>());

        var edit = Body("Publié", "Published");
        var updated = await secretariat.PutAsJsonAsync($"/api/content/{kind}/{id}", edit);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var newSlug = (await updated.ReadJsonAsync()).Slug("fr");

        Assert.Equal(HttpStatusCode.OK, (await secretariat.PostAsync($"/api/content/{kind}/{id}/unpublish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Client.GetAsync($"/api/content/{kind}/{newSlug}")).StatusCode);
        await AssertProblemAsync(await secretariat.PostAsync($"/api/content/{kind}/{id}/unpublish", null), HttpStatusCode.Conflict);

        await PublishAsync(secretariat, kind, id);
        var archived = await secretariat.PostAsync($"/api/content/{kind}/{id}/archive", null);
        Assert.Equal("archived", (await archived.ReadJsonAsync())["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Client.GetAsync($"/api/content/{kind}/{newSlug}")).StatusCode);
        Assert.Equal([id], (await (await secretariat.GetAsync($"/api/content/{kind}?status=archived")).ReadJsonAsync()).Ids());

        var events = (await EventsAboutAsync(platform, id)).Select(e => e.Type).ToList();
        Assert.Equal(
            [$"{family}.published", $"{family}.updated", $"{family}.unpublished", $"{family}.published", $"{family}.unpublished"],
            events);
        var first = (await EventsAboutAsync(platform, id))[0].Payload;
        Assert.Equal("Draft", first["translations"]!["en"]!["title"]!.GetValue<string>());
        Assert.Equal("border-management", first["tags"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task News_and_pages_keep_slugs_apart_and_both_answer_the_reindex()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var slug = TestApi.Unique("a-propos");
        var body = new { translations = new { fr = new { title = "À propos", slug } } };
        var news = await CreateAsync(secretariat, "news", body);
        var page = await CreateAsync(secretariat, "pages", body);
        await PublishAsync(secretariat, "news", news.Id());
        await PublishAsync(secretariat, "pages", page.Id());
        Assert.Equal(news.Id(), (await (await platform.Client.GetAsync($"/api/content/news/{slug}")).ReadJsonAsync()).Id());
        Assert.Equal(page.Id(), (await (await platform.Client.GetAsync($"/api/content/pages/{slug}")).ReadJsonAsync()).Id());

        var rebuild = Guid.NewGuid();
        await platform.Search.Services.GetRequiredService<IBus>().Publish(
            new SearchReindexRequested(Guid.NewGuid(), DateTimeOffset.UtcNow, rebuild));
        await TestApi.WaitUntilAsync(async () => (await EventsAboutAsync(platform, page.Id())).Any(e => e.Type == "search.item_reannounced"),
            TimeSpan.FromSeconds(15), "the page is re-announced");
        var reannounced = (await EventsAboutAsync(platform, page.Id())).Single(e => e.Type == "search.item_reannounced").Payload;
        Assert.Equal("page", reannounced["itemType"]!.GetValue<string>());
        // Projects answer the same request on their own ("content-projects").
        var completed = (await EventsAboutAsync(platform, rebuild))
            .Single(e => e.Type == "search.reindex_completed" && e.Payload["service"]!.GetValue<string>() == "content").Payload;
        Assert.Equal(2, completed["count"]!.GetValue<int>());
        Assert.Equal(["news", "page"], completed["itemTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task An_archive_item_is_published_with_its_original_date_in_the_list_the_event_and_the_feed_order()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var recent = await CreateAsync(secretariat, "news", Body("Récente", "Recent"));
        await PublishAsync(secretariat, "news", recent.Id());
        var archive = await CreateAsync(secretariat, "news", Body("Réunion de 2017", "2017 meeting"));
        var id = archive.Id();
        var original = new DateTimeOffset(2017, 4, 26, 12, 0, 0, TimeSpan.FromHours(2));

        // Bad dates are named and publish nothing: in the future (that is a schedule), before 2000, not a date.
        foreach (var (json, field) in new[]
        {
            ($"{{\"publishedAt\":\"{platform.Clock.GetUtcNow().AddDays(1):O}\"}}", "publishedAt"),
            ("{\"publishedAt\":\"1999-12-31T00:00:00Z\"}", "publishedAt"),
            ("{\"publishedAt\":\"le 26 avril\"}", "publishedAt"),
        })
        {
            var refused = await secretariat.PostAsync($"/api/content/news/{id}/publish", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.NotNull((await refused.ReadJsonAsync())["errors"]![field]);
        }

        Assert.Equal("draft", (await (await secretariat.GetAsync($"/api/content/news/{id}")).ReadJsonAsync())["status"]!.GetValue<string>());

        var published = await secretariat.PostAsJsonAsync($"/api/content/news/{id}/publish", new { publishedAt = original });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(original, (await published.ReadJsonAsync())["publishedAt"]!.GetValue<DateTimeOffset>());

        // Newest first: the archive item comes after the recent one, and its event carries the original date.
        var list = await (await platform.Client.GetAsync("/api/content/news?lang=fr")).ReadJsonAsync();
        Assert.Equal([recent.Id(), id], list.Ids());
        var announced = (await EventsAboutAsync(platform, id)).Single(e => e.Type == "news.published").Payload;
        Assert.Equal(original, announced["publishedAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task The_public_list_pages_with_its_total_and_leaves_bodies_to_the_item()
    {
        // Read as the Secretariat: the same public list, never from the gateway's cache.
        var secretariat = await platform.ClientAsAsync("secretariat");
        var items = new List<JsonObject>();
        for (var i = 1; i <= 3; i++)
        {
            var item = await CreateAsync(secretariat, "news", Body($"Nouvelle {i}", i == 2 ? null : $"News {i}", tags: i == 2 ? ["diaspora"] : null));
            await PublishAsync(secretariat, "news", item.Id());
            items.Add(item);
        }

        await CreateAsync(secretariat, "news", Body("Brouillon", "Draft")); // never listed
        async Task<JsonObject> ListAsync(string query) => await (await secretariat.GetAsync($"/api/content/news?{query}")).ReadJsonAsync();

        var first = await ListAsync("lang=en&pageSize=2");
        Assert.Equal(3, first.Total());
        Assert.Equal([items[2].Id(), items[1].Id()], first.Ids());
        var listed = first["items"]![0]!.AsObject();
        Assert.Equal("News 3", listed["title"]!.GetValue<string>());
        Assert.Equal("Summary: News 3", listed["summary"]!.GetValue<string>());
        Assert.Equal(items[2].Slug("en"), listed["slug"]!.GetValue<string>());
        Assert.Equal(items[2].Slug("fr"), listed["slugs"]!["fr"]!.GetValue<string>());
        Assert.NotNull(listed["publishedAt"]);
        Assert.False(listed.ContainsKey("body")); // lists are lean; the item's own read has the body
        var fallback = first["items"]![1]!.AsObject();
        Assert.Equal(("fr", true), (fallback["language"]!.GetValue<string>(), fallback["fallback"]!.GetValue<bool>()));
        var read = await (await secretariat.GetAsync($"/api/content/news/{items[2].Slug("en")}?lang=en")).ReadJsonAsync();
        Assert.Equal("<p>News 3</p>", read["body"]!.GetValue<string>());

        var second = await ListAsync("lang=en&pageSize=2&page=2");
        Assert.Equal(3, second.Total());
        Assert.Equal([items[0].Id()], second.Ids());
        var beyond = await ListAsync("lang=en&pageSize=2&page=5");
        Assert.Equal((3, 0), (beyond.Total(), beyond.Ids().Count()));
        var tagged = await ListAsync("lang=fr&tag=diaspora");
        Assert.Equal(1, tagged.Total());
        Assert.Equal([items[1].Id()], tagged.Ids());
    }

    [Fact]
    public async Task The_scheduler_publishes_then_archives_at_the_time()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var now = platform.Clock.GetUtcNow();
        var item = await CreateAsync(secretariat, "news", Body("Programmée", "Scheduled", publishAt: now.AddHours(1), unpublishAt: now.AddHours(3)));
        var id = item.Id();
        var slug = item.Slug("en");
        Assert.Equal("scheduled", item["status"]!.GetValue<string>());
        Assert.Equal([id], (await (await secretariat.GetAsync("/api/content/news?status=scheduled")).ReadJsonAsync()).Ids());
        await PlatformFixture.RoundsAsync<EditorialScheduler>(platform.Content.Services); // not due yet
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Client.GetAsync($"/api/content/news/{slug}")).StatusCode);

        platform.Clock.Advance(TimeSpan.FromMinutes(61));
        await TestApi.WaitUntilAsync(async () => (await platform.Client.GetAsync($"/api/content/news/{slug}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(15), "the scheduler publishes the item");
        var read = await (await platform.Client.GetAsync($"/api/content/news/{slug}?lang=en")).ReadJsonAsync();
        Assert.Equal(now.AddHours(1).ToUnixTimeSeconds(), read["publishedAt"]!.GetValue<DateTimeOffset>().ToUnixTimeSeconds());

        platform.Clock.Advance(TimeSpan.FromHours(2));
        await TestApi.WaitUntilAsync(async () => (await platform.Client.GetAsync($"/api/content/news/{slug}")).StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(15), "the scheduler archives the item");
        var admin = await (await secretariat.GetAsync($"/api/content/news/{id}")).ReadJsonAsync();
        Assert.Equal("archived", admin["status"]!.GetValue<string>());

        Assert.Equal(["news.published", "news.unpublished"], (await EventsAboutAsync(platform, id)).Select(e => e.Type));
        var revisions = await (await secretariat.GetAsync($"/api/content/news/{id}/revisions")).ReadJsonAsync();
        var actions = revisions["items"]!.AsArray().Select(r => (r!["action"]!.GetValue<string>(), r["author"]!.GetValue<string>())).ToList();
        Assert.Equal([("archived", "scheduler"), ("published", "scheduler"), ("created", "dev-secretariat")], actions);

        // Scheduling by the schedule endpoint, and cancelling by unpublishing.
        var other = await CreateAsync(secretariat, "pages", Body("Page programmée", null));
        var scheduled = await secretariat.PostAsJsonAsync($"/api/content/pages/{other.Id()}/schedule", new { publishAt = platform.Clock.GetUtcNow().AddDays(1) });
        Assert.Equal("scheduled", (await scheduled.ReadJsonAsync())["status"]!.GetValue<string>());
        var cancelled = await secretariat.PostAsync($"/api/content/pages/{other.Id()}/unpublish", null);
        Assert.Equal("draft", (await cancelled.ReadJsonAsync())["status"]!.GetValue<string>());
        platform.Clock.Advance(TimeSpan.FromDays(2));
        await PlatformFixture.RoundsAsync<EditorialScheduler>(platform.Content.Services);
        Assert.Equal("draft", (await (await secretariat.GetAsync($"/api/content/pages/{other.Id()}")).ReadJsonAsync())["status"]!.GetValue<string>());
        Assert.Empty(await EventsAboutAsync(platform, other.Id()));
    }

    [Fact]
    public async Task A_missing_or_draft_translation_falls_back_and_says_so()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var frOnly = await CreateAsync(secretariat, "pages", Body("Seulement en français", null));
        await PublishAsync(secretariat, "pages", frOnly.Id());
        var english = await (await platform.Client.GetAsync($"/api/content/pages/{frOnly.Slug("fr")}?lang=en")).ReadJsonAsync();
        Assert.Equal("fr", english["language"]!.GetValue<string>());
        Assert.True(english["fallback"]!.GetValue<bool>());
        Assert.Equal("Seulement en français", english["title"]!.GetValue<string>());

        // A version in draft is not public: English readers get the French one, and the event carries French only.
        var body = new
        {
            translations = new Dictionary<string, object>
            {
                ["fr"] = new { title = "Version prête", slug = TestApi.Unique("prete") },
                ["en"] = new { title = "Unfinished version", slug = TestApi.Unique("unfinished"), status = "draft" },
            },
        };
        var mixed = await CreateAsync(secretariat, "news", body);
        Assert.Equal("draft", mixed["translations"]!["en"]!["status"]!.GetValue<string>());
        await PublishAsync(secretariat, "news", mixed.Id());
        var list = await (await platform.Client.GetAsync("/api/content/news?lang=en")).ReadJsonAsync();
        var listed = list["items"]![0]!;
        Assert.Equal("fr", listed["language"]!.GetValue<string>());
        Assert.True(listed["fallback"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Client.GetAsync($"/api/content/news/{mixed.Slug("en")}")).StatusCode);
        var published = (await EventsAboutAsync(platform, mixed.Id())).Single(e => e.Type == "news.published").Payload;
        Assert.Equal(["fr"], published["translations"]!.AsObject().Select(t => t.Key));

        var french = await (await platform.Client.GetAsync($"/api/content/news/{mixed.Slug("fr")}?lang=fr")).ReadJsonAsync();
        Assert.False(french["fallback"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Bodies_are_sanitised_html_from_html_or_markdown()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var body = new
        {
            translations = new Dictionary<string, object>
            {
                ["fr"] = new
                {
                    title = "HTML hostile",
                    format = "html",
                    body = "<p onclick=\"steal()\">Texte <a href=\"javascript:alert(1)\">lien</a></p><script>alert(1)</script><img src=x onerror=alert(1)><iframe src=\"https://evil.example\"></iframe>",
                },
                ["en"] = new
                {
                    title = "Hostile Markdown",
                    format = "markdown",
                    body = "# Heading\n\nSome **bold** text and [a link](javascript:alert(1)) and [ok](https://www.rabat-process.org).\n\n<script>alert(2)</script>\n\n<div onmouseover=\"x()\">hover</div>",
                },
            },
        };
        var item = await CreateAsync(secretariat, "pages", body);
        await PublishAsync(secretariat, "pages", item.Id());
        foreach (var language in new[] { "fr", "en" })
        {
            var read = await (await platform.Client.GetAsync($"/api/content/pages/{item.Slug(language)}?lang={language}")).ReadJsonAsync();
            var html = read["body"]!.GetValue<string>();
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("onmouseover", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        }

        var english = await (await platform.Client.GetAsync($"/api/content/pages/{item.Slug("en")}?lang=en")).ReadJsonAsync();
        Assert.Contains("<h1", english["body"]!.GetValue<string>());
        Assert.Contains("<strong>bold</strong>", english["body"]!.GetValue<string>());
        Assert.Contains("href=\"https://www.rabat-process.org\"", english["body"]!.GetValue<string>());

        // The editor gets the source back; the event carries the sanitised HTML.
        var admin = await (await secretariat.GetAsync($"/api/content/pages/{item.Id()}")).ReadJsonAsync();
        Assert.Equal("markdown", admin["translations"]!["en"]!["format"]!.GetValue<string>());
        Assert.StartsWith("# Heading", admin["translations"]!["en"]!["source"]!.GetValue<string>());
        var published = (await EventsAboutAsync(platform, item.Id())).Single().Payload;
        Assert.DoesNotContain("<script", published["translations"]!["fr"]!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_save_keeps_a_revision_that_can_be_restored()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var item = await CreateAsync(secretariat, "news", Body("Titre original", "Original title"));
        var id = item.Id();
        var original = (JsonObject)item["translations"]!.DeepClone();

        var edit = new
        {
            translations = new Dictionary<string, object>
            {
                ["fr"] = new { title = "Titre corrigé", summary = original["fr"]!["summary"]!.GetValue<string>(), body = original["fr"]!["source"]!.GetValue<string>(), slug = original["fr"]!["slug"]!.GetValue<string>() },
                ["en"] = new { title = "Original title", summary = original["en"]!["summary"]!.GetValue<string>(), body = original["en"]!["source"]!.GetValue<string>(), slug = original["en"]!["slug"]!.GetValue<string>() },
            },
            tags = new[] { "border-management", "gcm-11" },
        };
        Assert.Equal(HttpStatusCode.OK, (await secretariat.PutAsJsonAsync($"/api/content/news/{id}", edit)).StatusCode);
        await PublishAsync(secretariat, "news", id);

        var revisions = await (await secretariat.GetAsync($"/api/content/news/{id}/revisions")).ReadJsonAsync();
        Assert.Equal(3, revisions.Total());
        var items = revisions["items"]!.AsArray();
        Assert.Equal([3, 2, 1], items.Select(r => r!["number"]!.GetValue<int>()));
        Assert.Equal(["status"], items[0]!["changes"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(["tags", "translations.fr.title"], items[1]!["changes"]!.AsArray().Select(c => c!.GetValue<string>()).Order());
        Assert.Equal("dev-secretariat", items[1]!["author"]!.GetValue<string>());
        Assert.Contains("translations.en", items[2]!["changes"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("Titre original", items[2]!["content"]!["translations"]!["fr"]!["title"]!.GetValue<string>());

        // Restoring revision 1 puts the first title and tags back, as a new revision, and re-announces the published item.
        var restored = await secretariat.PostAsync($"/api/content/news/{id}/revisions/1/restore", null);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var view = await restored.ReadJsonAsync();
        Assert.Equal("Titre original", view["translations"]!["fr"]!["title"]!.GetValue<string>());
        Assert.Equal(["border-management"], view["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("published", view["status"]!.GetValue<string>());
        Assert.Equal(4, view["revision"]!.GetValue<int>());
        var latest = (await (await secretariat.GetAsync($"/api/content/news/{id}/revisions?pageSize=1")).ReadJsonAsync())["items"]![0]!;
        Assert.Equal("restored:1", latest["action"]!.GetValue<string>());
        Assert.Equal(["tags", "translations.fr.title"], latest["changes"]!.AsArray().Select(c => c!.GetValue<string>()).Order());
        var updated = (await EventsAboutAsync(platform, id)).Last();
        Assert.Equal("news.updated", updated.Type);
        Assert.Equal("Titre original", updated.Payload["translations"]!["fr"]!["title"]!.GetValue<string>());
        var read = await (await platform.Client.GetAsync($"/api/content/news/{original["fr"]!["slug"]}?lang=fr")).ReadJsonAsync();
        Assert.Equal("Titre original", read["title"]!.GetValue<string>());

        // Revisions are the Secretariat's, at the gateway too; an unknown revision is a 404.
        await AssertProblemAsync(await platform.Client.GetAsync($"/api/content/news/{id}/revisions"), HttpStatusCode.Unauthorized);
        var partner = await platform.ClientAsAsync("partner", "MA");
        await AssertProblemAsync(await partner.GetAsync($"/api/content/news/{id}/revisions"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await secretariat.PostAsync($"/api/content/news/{id}/revisions/99/restore", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await secretariat.GetAsync($"/api/content/pages/{id}/revisions"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Drafts_are_previewed_through_a_signed_expiring_token()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var item = await CreateAsync(secretariat, "pages", Body("Aperçu", "Preview"));
        var id = item.Id();
        await AssertProblemAsync(await platform.Client.PostAsync($"/api/content/pages/{id}/preview-token", null), HttpStatusCode.Unauthorized);

        var issued = await (await secretariat.PostAsync($"/api/content/pages/{id}/preview-token", null)).ReadJsonAsync();
        var path = issued["path"]!.GetValue<string>();
        Assert.StartsWith("https://www.rabat-process.org/api/content/pages/preview?token=", issued["url"]!.GetValue<string>());
        var preview = await platform.Client.GetAsync(path + "&lang=en");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.True(preview.Headers.CacheControl?.NoStore);
        var shown = await preview.ReadJsonAsync();
        Assert.Equal("draft", shown["status"]!.GetValue<string>());
        Assert.Equal("Preview", shown["title"]!.GetValue<string>());

        // Not cached by the gateway: an edit shows at once.
        Assert.Equal(HttpStatusCode.OK, (await secretariat.PutAsJsonAsync($"/api/content/pages/{id}", Body("Aperçu 2", "Preview 2"))).StatusCode);
        Assert.Equal("Preview 2", (await (await platform.Client.GetAsync(path + "&lang=en")).ReadJsonAsync())["title"]!.GetValue<string>());

        // Another kind's route does not show it; forged and malformed tokens are refused.
        await AssertProblemAsync(await platform.Client.GetAsync(path.Replace("/pages/", "/news/", StringComparison.Ordinal)), HttpStatusCode.NotFound);
        var token = issued["token"]!.GetValue<string>();
        var forged = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        await AssertProblemAsync(await platform.Client.GetAsync($"/api/content/pages/preview?token={forged}"), HttpStatusCode.Forbidden, "token");
        var otherId = token.Split('.')[0];
        var swapped = (otherId[..^3] + (otherId[^3] == 'A' ? "B" : "A") + otherId[^2..]) + "." + token.Split('.')[1];
        await AssertProblemAsync(await platform.Client.GetAsync($"/api/content/pages/preview?token={swapped}"), HttpStatusCode.Forbidden, "token");
        await AssertProblemAsync(await platform.Client.GetAsync("/api/content/pages/preview?token=not-a-token"), HttpStatusCode.BadRequest, "token");
        await AssertProblemAsync(await platform.Client.GetAsync("/api/content/pages/preview"), HttpStatusCode.BadRequest, "token");

        platform.Clock.Advance(TimeSpan.FromHours(25));
        await AssertProblemAsync(await platform.Client.GetAsync(path), HttpStatusCode.Gone, "token");
    }
}
