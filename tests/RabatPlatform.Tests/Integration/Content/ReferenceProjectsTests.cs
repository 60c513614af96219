using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Content;

/// <summary>The technical assistance project inventory: filters, writes, events and the CSV import.</summary>
[Collection(ContentCollection.Name)]
public sealed class ReferenceProjectsTests(PlatformFixture platform) : IAsyncLifetime
{
    private const string Header = "title_fr,title_en,summary_fr,summary_en,countries,start_year,end_year,donor,implementer,themes";

    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static object Project(string fr, string? en, string[] countries, int start, int? end, string[] themes) => new
    {
        translations = en is null
            ? new Dictionary<string, object> { ["fr"] = new { title = fr, summary = $"Résumé : {fr}" } }
            : new Dictionary<string, object> { ["fr"] = new { title = fr }, ["en"] = new { title = en, summary = $"Summary: {en}" } },
        countries,
        startYear = start,
        endYear = end,
        donor = "Union européenne",
        implementer = "ICMPD",
        themes,
    };

    private static async Task<Guid> CreateAsync(HttpClient secretariat, object body)
    {
        var response = await secretariat.PostAsJsonAsync("/api/content/projects", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();
    }

    private static MultipartFormDataContent CsvFile(string csv, string field = "file")
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, field, "projects.csv" } };
    }

    private async Task<int> CountAsync() =>
        (await (await (await platform.ClientAsAsync("secretariat")).GetAsync("/api/content/projects")).ReadJsonAsync()).Total();

    [Fact]
    public async Task Projects_are_filtered_by_country_theme_and_year_and_announced()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var border = await CreateAsync(secretariat, Project("Gestion des frontières au Sahel", "Border management in the Sahel", ["ML", "ne", "BF"], 2012, 2014, ["border-management"]));
        var diaspora = await CreateAsync(secretariat, Project("Mobilisation de la diaspora sénégalaise", null, ["SN"], 2013, 2015, ["diaspora", "remittances"]));
        var ongoing = await CreateAsync(secretariat, Project("Lutte contre la traite en Afrique de l'Ouest", "Fighting trafficking in West Africa", ["SN", "ML"], 2015, null, ["trafficking"]));

        async Task<List<Guid>> Ids(string query) =>
            [.. (await (await platform.Client.GetAsync($"/api/content/projects?{query}")).ReadJsonAsync()).Ids()];

        Assert.Equal([ongoing, diaspora, border], await Ids("lang=fr"));
        Assert.Equal([ongoing, border], await Ids("country=ML"));
        Assert.Equal([ongoing, diaspora], await Ids("country=sn"));
        Assert.Equal([diaspora], await Ids("theme=remittances"));
        Assert.Equal([border], await Ids("year=2012"));
        Assert.Equal([diaspora, border], await Ids("year=2014"));
        Assert.Equal([ongoing], await Ids("year=2030"));
        Assert.Equal([ongoing], await Ids("country=SN&theme=trafficking&year=2016"));
        var page = await (await platform.Client.GetAsync("/api/content/projects?page=2&pageSize=2")).ReadJsonAsync();
        Assert.Equal(3, page.Total());
        Assert.Equal([border], page.Ids());

        var english = await (await platform.Client.GetAsync($"/api/content/projects/{diaspora}?lang=en")).ReadJsonAsync();
        Assert.True(english["fallback"]!.GetValue<bool>());
        Assert.Equal("Mobilisation de la diaspora sénégalaise", english["title"]!.GetValue<string>());
        var sahel = await (await platform.Client.GetAsync($"/api/content/projects/{border}?lang=en")).ReadJsonAsync();
        Assert.Equal("Border management in the Sahel", sahel["title"]!.GetValue<string>());
        Assert.Equal(["ML", "NE", "BF"], sahel["countries"]!.AsArray().Select(c => c!.GetValue<string>()));

        var updated = await secretariat.PutAsJsonAsync($"/api/content/projects/{ongoing}",
            Project("Lutte contre la traite en Afrique de l'Ouest", "Fighting trafficking in West Africa", ["SN"], 2015, 2017, ["trafficking"]));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await secretariat.DeleteAsync($"/api/content/projects/{diaspora}")).StatusCode);
        await (await secretariat.GetAsync($"/api/content/projects/{diaspora}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await secretariat.DeleteAsync($"/api/content/projects/{diaspora}")).AssertProblemAsync(HttpStatusCode.NotFound);

        var published = await platform.OutboxAsync("project.published");
        Assert.Equal(4, published.Count);
        Assert.Equal(2017, published[3]["endYear"]!.GetValue<int>());
        Assert.Equal("fighting-trafficking-in-west-africa", published[3]["translations"]!["en"]!["slug"]!.GetValue<string>());
        Assert.Equal(diaspora, Assert.Single(await platform.OutboxAsync("project.removed"))["projectId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Projects_are_announced_again_when_search_rebuilds_its_index()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var a = await CreateAsync(secretariat, Project("Projet frontières", "Border project", ["MA"], 2012, 2013, ["border-management"]));
        var b = await CreateAsync(secretariat, Project("Projet diaspora", null, ["SN"], 2014, null, ["diaspora"]));

        var rebuild = await secretariat.PostAsync("/api/search/rebuild", null);
        Assert.Equal(HttpStatusCode.Accepted, rebuild.StatusCode);
        var rebuildId = (await rebuild.ReadJsonAsync())["id"]!.GetValue<Guid>();
        await TestApi.WaitUntilAsync(async () => (await platform.OutboxAsync("search.reindex_completed"))
                .Any(e => e["itemTypes"]!.AsArray().Any(t => t!.GetValue<string>() == "project")),
            TimeSpan.FromSeconds(20), "the content service has re-announced its projects");
        var completed = (await platform.OutboxAsync("search.reindex_completed"))
            .Single(e => e["itemTypes"]!.AsArray().Any(t => t!.GetValue<string>() == "project"));
        Assert.Equal(rebuildId, completed["rebuildId"]!.GetValue<Guid>());
        Assert.Equal(2, completed["count"]!.GetValue<int>());
        var announced = (await platform.OutboxAsync("search.item_reannounced"))
            .Where(e => e["itemType"]!.GetValue<string>() == "project").ToList();
        Assert.Equal(new[] { a, b }.Order(), announced.Select(e => e["itemId"]!.GetValue<Guid>()).Order());
        Assert.Contains(announced, e => e["countries"]![0]!.GetValue<string>() == "SN");
    }

    [Fact]
    public async Task Bad_projects_and_bad_queries_are_problems()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        await (await secretariat.PostAsJsonAsync("/api/content/projects", Project("Projet", "Project", ["XX"], 2012, 2014, []))).AssertFieldErrorAsync("countries");
        await (await secretariat.PostAsJsonAsync("/api/content/projects", Project("Projet", "Project", [], 2012, 2014, []))).AssertFieldErrorAsync("countries");
        await (await secretariat.PostAsJsonAsync("/api/content/projects", Project("Projet", "Project", ["MA"], 2015, 2012, []))).AssertFieldErrorAsync("endYear");
        await (await secretariat.PostAsJsonAsync("/api/content/projects", Project("Projet", "Project", ["MA"], 1850, null, []))).AssertFieldErrorAsync("startYear");
        await (await secretariat.PostAsJsonAsync("/api/content/projects", Project("Projet", "Project", ["MA"], 2012, null, ["Border Management"]))).AssertFieldErrorAsync("themes");
        await (await secretariat.PostAsJsonAsync("/api/content/projects", new { countries = new[] { "MA" }, startYear = 2012 })).AssertFieldErrorAsync("translations");
        await (await secretariat.PostAsJsonAsync("/api/content/projects", new { translations = new { de = new { title = "Projekt" } }, countries = new[] { "MA" }, startYear = 2012 }))
            .AssertFieldErrorAsync("translations.de");
        await (await secretariat.PutAsJsonAsync($"/api/content/projects/{Guid.NewGuid()}", Project("Projet", "Project", ["MA"], 2012, null, [])))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await platform.Client.GetAsync($"/api/content/projects/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await platform.Client.GetAsync("/api/content/projects?year=abc")).AssertFieldErrorAsync("year");
        await (await platform.Client.GetAsync("/api/content/projects?country=XX")).AssertFieldErrorAsync("country");
        await (await platform.Client.GetAsync("/api/content/projects?theme=Not%20A%20Slug")).AssertFieldErrorAsync("theme");
        await (await platform.Client.GetAsync("/api/content/projects?pageSize=0")).AssertFieldErrorAsync("pageSize");
        await (await platform.Client.PostAsJsonAsync("/api/content/projects", Project("Projet", "Project", ["MA"], 2012, null, [])))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0, await CountAsync());
        Assert.Empty(await platform.OutboxAsync("project.published"));
    }

    [Fact]
    public async Task A_good_csv_file_imports_every_row_in_one_go()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var csv = "\uFEFF" + Header + "\n"
            + "\"Appui à la gestion des migrations, volet frontières\",Support to migration management,,,MA;SN,2012,2014,Union européenne,ICMPD,border-management;data\n"
            + "Projet diaspora Mali,,Mobiliser la diaspora,,ML,2013,,AFD,,diaspora\n"
            + "\n"
            + "  Retour et réintégration  ,Return and reintegration,,\"Summary, with a comma\",SN;CI;GN,2014,2015,,OIM,return-reintegration\n";
        var multipart = await secretariat.PostAsync("/api/content/projects/import", CsvFile(csv));
        Assert.Equal(HttpStatusCode.OK, multipart.StatusCode);
        var result = await multipart.ReadJsonAsync();
        Assert.Equal(3, result["imported"]!.GetValue<int>());

        var list = await (await platform.Client.GetAsync("/api/content/projects?lang=en&country=SN")).ReadJsonAsync();
        Assert.Equal(2, list.Total());
        var titles = list["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>()).ToList();
        Assert.Contains("Return and reintegration", titles);
        Assert.Contains("Support to migration management", titles);
        var reintegration = list["items"]!.AsArray().Single(i => i!["title"]!.GetValue<string>() == "Return and reintegration")!;
        Assert.Equal("Summary, with a comma", reintegration["summary"]!.GetValue<string>());
        Assert.Equal("Retour et réintégration", reintegration["translations"]!["fr"]!["title"]!.GetValue<string>());
        Assert.Equal(3, (await platform.OutboxAsync("project.published")).Count);

        // The same as a text/csv body.
        var body = await secretariat.PostAsync("/api/content/projects/import",
            new StringContent(Header + "\nProjet jeunesse,Youth project,,,TN,2015,2015,,,youth\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, body.StatusCode);
        Assert.Equal(4, await CountAsync());
    }

    [Fact]
    public async Task A_csv_file_with_bad_rows_reports_each_of_them_and_imports_nothing()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var csv = Header + "\n"
            + "Bon projet,Good project,,,MA,2012,2014,,,\n"            // line 2: fine
            + "Pays inconnu,Unknown country,,,MA;XX,2012,2014,,,\n"      // line 3: countries
            + "Dates,Dates,,,SN,2015,2013,,,\n"                          // line 4: end_year
            + ",,,,SN,deux-mille,,,,Bad Theme\n"                          // line 5: title, start_year, themes
            + "Trop court,Too short,,,SN\n";                              // line 6: column count
        var response = await secretariat.PostAsync("/api/content/projects/import?lang=en", CsvFile(csv));
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        var rows = problem["rows"]!.AsArray();
        var byRow = rows.GroupBy(r => r!["row"]!.GetValue<int>()).ToDictionary(g => g.Key, g => g.Select(r => r!["field"]!.GetValue<string>()).ToList());
        Assert.Equal([3, 4, 5, 6], byRow.Keys.Order());
        Assert.Equal(["countries"], byRow[3]);
        Assert.Equal(["end_year"], byRow[4]);
        Assert.Contains("title_fr", byRow[5]);
        Assert.Contains("start_year", byRow[5]);
        Assert.Contains("themes", byRow[5]);
        Assert.Equal(["row"], byRow[6]);
        var first = rows.First(r => r!["row"]!.GetValue<int>() == 4)!;
        Assert.Equal("The end year is before the start year.", first["message"]!.GetValue<string>());
        Assert.Equal("L'année de fin précède l'année de début.", first["messages"]!["fr"]!.GetValue<string>());
        Assert.True(problem["errors"]!.AsObject().ContainsKey("rows[3].countries"));

        Assert.Equal(0, await CountAsync());
        Assert.Empty(await platform.OutboxAsync("project.published"));
    }

    [Fact]
    public async Task Malformed_csv_uploads_are_refused_as_a_whole()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        async Task Refused(HttpContent content, HttpStatusCode status, string? field = null)
        {
            var response = await secretariat.PostAsync("/api/content/projects/import", content);
            if (field is null)
            {
                await response.AssertProblemAsync(status);
            }
            else
            {
                await response.AssertFieldErrorAsync(field);
            }
        }

        await Refused(CsvFile("title,year\nProjet,2012\n"), HttpStatusCode.BadRequest, "header");
        await Refused(CsvFile("title_fr,countries\nProjet,MA\n"), HttpStatusCode.BadRequest, "header");
        await Refused(CsvFile(Header + "\n"), HttpStatusCode.BadRequest, "file");
        await Refused(CsvFile(""), HttpStatusCode.BadRequest, "file");
        await Refused(CsvFile(Header + "\nProjet,Project,,,MA,2012,,,,\n", field: "upload"), HttpStatusCode.BadRequest, "file");
        var latin1 = new ByteArrayContent([.. Encoding.UTF8.GetBytes(Header + "\nR"), 0xE9, .. Encoding.UTF8.GetBytes("union,Meeting,,,MA,2012,,,,\n")]);
        latin1.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        await Refused(latin1, HttpStatusCode.BadRequest, "file");
        await Refused(JsonContent.Create(new { rows = 1 }), HttpStatusCode.UnsupportedMediaType);
        var brokenMultipart = new StringContent("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n\r\ntitle_fr", Encoding.UTF8);
        brokenMultipart.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        await Refused(brokenMultipart, HttpStatusCode.BadRequest);
        var malformed = await secretariat.PostAsync("/api/content/projects/import",
            CsvFile(Header + "\nBon,Good,,,MA,2012,,,,\n\"Guillemet\" ouvert,Open \"quote,,,MA,2012,,,,\n"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, malformed.StatusCode);

        var tooBig = new StringContent(Header + "\n" + string.Concat(Enumerable.Repeat("Projet,Project,,,MA,2012,,,,\n", 250_000)), Encoding.UTF8, "text/csv");
        var response = await secretariat.PostAsync("/api/content/projects/import", tooBig);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);

        var partner = await platform.ClientAsAsync("partner", "MA");
        await (await partner.PostAsync("/api/content/projects/import", CsvFile(Header + "\nProjet,Project,,,MA,2012,,,,\n")))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await CountAsync());
    }
}
