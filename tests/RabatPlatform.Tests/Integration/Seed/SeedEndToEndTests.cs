using System.Text.Json.Nodes;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Seed;

/// <summary>
/// The real data set end to end: the seed loader (the very code of <c>eng/seed.sh</c>, compiled into
/// this assembly from <c>eng/seed/RabatPlatform.Seed</c>) loads <c>eng/seed/data</c> through the
/// gateway with a secretariat token; then the GCM alignment matrix shows exactly the 14 objectives of
/// the 2022 document with the activities it lists (<c>eng/seed/expected-alignment.json</c>), search
/// finds the Madrid and Marrakech meetings for « gestion des frontières » and « frontieres », and a
/// second run changes nothing.
/// If it fails on a field name, fix the one method in <c>eng/seed/RabatPlatform.Seed/Adapters.cs</c>.
/// </summary>
[Collection(ContentCollection.Name)]
public sealed class SeedEndToEndTests(PlatformFixture platform, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{

    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Seeding_gives_the_2022_alignment_and_searchable_meetings_and_seeding_twice_changes_nothing()
    {
        var seedDir = FindSeedDirectory();
        var data = RabatPlatform.Seed.SeedDataSet.Load(Path.Combine(seedDir, "data"));
        using var gateway = new RabatPlatform.Seed.Gateway(new Uri(platform.Gateway.Address));
        await gateway.AuthenticateAsync(null, default);
        var log = new StringWriter();

        var first = new RabatPlatform.Seed.Loader(gateway, data, update: false, log);
        await first.RunAsync(default);
        output.WriteLine(log.ToString());
        Assert.All(first.Counts, c => Assert.Equal(0, c.Value.Skipped));

        // The matrix, built from meeting.*, publication.*, news.* and page.* events.
        var expected = RabatPlatform.Seed.AlignmentCheck.LoadExpected(Path.Combine(seedDir, "expected-alignment.json"));
        var differences = await RabatPlatform.Seed.AlignmentCheck.RunAsync(gateway, data, expected, TimeSpan.FromSeconds(60), default);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
        var matrix = JsonNode.Parse(await platform.Client.GetStringAsync("/api/content/gcm-alignment?lang=fr"))!;
        Assert.Equal(14, matrix["covered"]!.GetValue<int>());
        Assert.Equal(23, matrix["total"]!.GetValue<int>());

        // Search: both border-management meetings, with and without accents.
        var madrid = data.Meetings.Single(m => m.Key == "meeting-2022-madrid-border-management").Translations["fr"].Slug;
        var marrakech = data.Meetings.Single(m => m.Key == "meeting-2023-marrakech-humanised-border-management").Translations["fr"].Slug;
        foreach (var query in new[] { "gestion des frontières", "frontieres" })
        {
            var found = new List<string>();
            await TestApi.WaitUntilAsync(async () =>
            {
                var result = JsonNode.Parse(await platform.Client.GetStringAsync(
                    $"/api/search?q={Uri.EscapeDataString(query)}&lang=fr&type=meeting&pageSize=50"))!.AsObject();
                found = Slugs(result);
                return found.Contains(madrid) && found.Contains(marrakech);
            }, TimeSpan.FromSeconds(60), $"search finds the Madrid and Marrakech meetings for « {query} »");
            Assert.Contains(madrid, found);
            Assert.Contains(marrakech, found);
        }

        // News keeps the dates of the archive it comes from, newest first.
        var news = JsonNode.Parse(await platform.Client.GetStringAsync("/api/content/news?lang=fr&pageSize=50"))!;
        var dates = news["items"]!.AsArray().Select(i => DateOnly.FromDateTime(i!["publishedAt"]!.GetValue<DateTimeOffset>().UtcDateTime)).ToList();
        Assert.Equal(data.News.Select(n => n.Date!.Value).OrderDescending(), dates);

        // Seeding twice changes nothing: everything is found and skipped.
        var second = new RabatPlatform.Seed.Loader(gateway, data, update: false, log);
        await second.RunAsync(default);
        Assert.All(second.Counts, c =>
        {
            Assert.Equal(0, c.Value.Created);
            Assert.Equal(0, c.Value.Updated);
        });
        Assert.Empty(await RabatPlatform.Seed.AlignmentCheck.RunAsync(gateway, data, expected, TimeSpan.Zero, default));
    }

    private static List<string> Slugs(JsonObject result) =>
        (result["items"]?.AsArray() ?? []).Select(i => i?["slug"]?.GetValue<string>() ?? "").ToList();

    private static string FindSeedDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "eng", "seed");
            if (File.Exists(Path.Combine(candidate, "expected-alignment.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("eng/seed not found above " + AppContext.BaseDirectory);
    }
}
