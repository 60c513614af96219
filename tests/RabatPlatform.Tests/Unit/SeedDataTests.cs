using System.Text.Json;
using System.Text.RegularExpressions;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Unit;

/// <summary>
/// The demo data set (<c>eng/seed/data/*.json</c>) and the GCM alignment it must produce
/// (<c>eng/seed/expected-alignment.json</c>), checked without any server.
/// </summary>
public sealed partial class SeedDataTests
{
    /// <summary>The 14 objectives « Activités du Processus de Rabat organisées depuis décembre 2018 en lien avec les objectifs du PMM » (2022) covers.</summary>
    private static readonly int[] DocumentObjectives = [1, 2, 5, 7, 8, 9, 10, 11, 16, 18, 19, 20, 21, 23];

    private static readonly string[] MeetingKinds =
    [
        "ministerial-conference", "senior-officials-meeting", "steering-committee", "thematic-meeting",
        "technical-workshop", "round-table", "webinar", "training",
    ];

    private static readonly string[] PublicationTypes =
    [
        "report", "study", "bulletin", "policy-brief", "technical-recommendations", "compendium", "guide", "final-document", "background-paper",
    ];

    private static readonly string SeedDir = FindSeedDirectory();

    private static JsonElement[] Items(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(SeedDir, "data", file)));
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    private static readonly string[] TranslatedFiles = ["meetings.json", "publications.json", "news.json", "pages.json"];

    private static readonly string[] AllFiles = ["partners.json", "chairmanships.json", .. TranslatedFiles];

    [Fact]
    public void Every_item_has_a_unique_stable_key_and_a_source()
    {
        var keys = AllFiles.SelectMany(f => Items(f).Select(i => (File: f, Key: i.GetProperty("key").GetString()!, i))).ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, k =>
        {
            Assert.Matches(KeyPattern(), k.Key);
            Assert.False(string.IsNullOrWhiteSpace(k.i.GetProperty("source").GetString()), $"{k.Key} has no source");
        });
        var duplicates = keys.GroupBy(k => k.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "duplicate keys: " + string.Join(", ", duplicates));
    }

    [Fact]
    public void Every_language_has_a_title_and_a_valid_slug_unique_per_kind_and_language()
    {
        foreach (var file in TranslatedFiles)
        {
            var slugs = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in Items(file))
            {
                var key = item.GetProperty("key").GetString();
                var translations = item.GetProperty("translations");
                Assert.Equal(new[] { "en", "fr" }, translations.EnumerateObject().Select(p => p.Name).Order().ToArray());
                foreach (var version in translations.EnumerateObject())
                {
                    var title = version.Value.GetProperty("title").GetString();
                    var slug = version.Value.GetProperty("slug").GetString()!;
                    Assert.False(string.IsNullOrWhiteSpace(title), $"{key}: no {version.Name} title");
                    Assert.True(title!.Length <= 300, $"{key}: {version.Name} title over 300 characters");
                    Assert.Matches(SlugPattern(), slug);
                    Assert.True(slug.Length <= 200, $"{key}: {version.Name} slug over 200 characters");
                    Assert.True(slugs.Add($"{version.Name}/{slug}"), $"{file}: slug {slug} used twice in {version.Name}");
                    if (version.Value.TryGetProperty("summary", out var summary) && summary.ValueKind == JsonValueKind.String)
                    {
                        Assert.True(summary.GetString()!.Length <= 2000, $"{key}: {version.Name} summary over 2000 characters");
                    }
                }
            }
        }
    }

    [Fact]
    public void Every_gcm_number_is_1_to_23_and_every_tag_is_a_slug()
    {
        foreach (var file in new[] { "meetings.json", "publications.json" })
        {
            Assert.All(Items(file), i => Assert.All(i.GetProperty("gcmObjectives").EnumerateArray(), n => Assert.InRange(n.GetInt32(), 1, 23)));
            Assert.All(Items(file), i => AssertTags(i.GetProperty("themes")));
        }

        foreach (var file in new[] { "news.json", "pages.json" })
        {
            foreach (var item in Items(file))
            {
                AssertTags(item.GetProperty("tags"));
                foreach (var tag in item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).Where(t => t.StartsWith("gcm-", StringComparison.Ordinal)))
                {
                    Assert.Matches("^gcm-[1-9][0-9]?$", tag);
                    Assert.InRange(int.Parse(tag[4..], System.Globalization.CultureInfo.InvariantCulture), 1, 23);
                }
            }
        }

        static void AssertTags(JsonElement tags)
        {
            var list = tags.EnumerateArray().Select(t => t.GetString()!).ToList();
            Assert.True(list.Count <= 20);
            Assert.All(list, t =>
            {
                Assert.Matches(TagPattern(), t);
                Assert.True(t.Length <= 64);
            });
        }
    }

    [Fact]
    public void References_between_files_resolve()
    {
        var partners = Items("partners.json").Select(p => p.GetProperty("code").GetString()!).ToHashSet(StringComparer.Ordinal);
        var meetings = Items("meetings.json");
        var meetingKeys = meetings.Select(m => m.GetProperty("key").GetString()!).ToHashSet(StringComparer.Ordinal);
        Assert.All(Items("partners.json"), p =>
        {
            Assert.Contains(p.GetProperty("type").GetString(), new[] { "country", "organisation" });
            Assert.Contains(p.GetProperty("status").GetString(), new[] { "partner", "observer" });
            Assert.Matches(p.GetProperty("type").GetString() == "country" ? "^[A-Z]{2}$" : "^[A-Z0-9]{2,16}$", p.GetProperty("code").GetString()!);
        });
        Assert.All(meetings, m =>
        {
            var key = m.GetProperty("key").GetString();
            Assert.Contains(m.GetProperty("kind").GetString(), MeetingKinds);
            Assert.Contains(m.GetProperty("format").GetString(), new[] { "in-person", "virtual", "hybrid" });
            Assert.True(DateOnly.Parse(m.GetProperty("startDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                        <= DateOnly.Parse(m.GetProperty("endDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture), $"{key}: ends before it starts");
            Assert.True(TimeZoneInfo.TryFindSystemTimeZoneById(m.GetProperty("timeZone").GetString()!, out _), $"{key}: unknown time zone");
            if (m.GetProperty("format").GetString() != "virtual")
            {
                Assert.Equal(JsonValueKind.String, m.GetProperty("city").ValueKind);
            }

            Assert.All(m.GetProperty("coChairs").EnumerateArray(), c => Assert.Contains(c.GetString()!, partners));
        });
        Assert.All(Items("publications.json"), p =>
        {
            Assert.Contains(p.GetProperty("type").GetString(), PublicationTypes);
            Assert.All(p.GetProperty("partners").EnumerateArray(), c => Assert.Contains(c.GetString()!, partners));
            if (p.GetProperty("relatedMeetingKey").GetString() is { } related)
            {
                Assert.Contains(related, meetingKeys);
            }
        });

        var chairs = Items("chairmanships.json")
            .Select(c => (Code: c.GetProperty("partnerCode").GetString()!, From: DateOnly.Parse(c.GetProperty("from").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                To: c.GetProperty("to").ValueKind == JsonValueKind.Null ? DateOnly.MaxValue : DateOnly.Parse(c.GetProperty("to").GetString()!, System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(c => c.From).ToList();
        Assert.All(chairs, c => Assert.Contains(c.Code, partners));
        Assert.All(chairs.Zip(chairs.Skip(1)), pair => Assert.True(pair.First.To < pair.Second.From, $"{pair.First.Code} and {pair.Second.Code} overlap"));
        Assert.Contains(chairs, c => c.Code == "ML" && c.To == new DateOnly(2017, 3, 20));
        Assert.Contains(chairs, c => c.Code == "BE" && c.From == new DateOnly(2017, 3, 21));
    }

    [Fact]
    public void Expected_alignment_lists_the_documents_14_objectives_and_matches_the_data()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(SeedDir, "expected-alignment.json")));
        var root = doc.RootElement;
        Assert.Equal(14, root.GetProperty("covered").GetInt32());
        Assert.Equal(23, root.GetProperty("total").GetInt32());
        var expected = root.GetProperty("objectives").EnumerateArray()
            .ToDictionary(o => o.GetProperty("number").GetInt32(), o => o.GetProperty("activities").EnumerateArray().Select(a => a.GetString()!).Order().ToList());
        Assert.Equal(DocumentObjectives, expected.Keys.Order().ToArray());
        Assert.All(expected.Values, activities => Assert.NotEmpty(activities));

        // Every key exists, and the data files' GCM numbers and gcm-N tags give exactly this matrix.
        var actual = new Dictionary<int, List<string>>();
        foreach (var file in new[] { "meetings.json", "publications.json" })
        {
            foreach (var item in Items(file))
            {
                foreach (var n in item.GetProperty("gcmObjectives").EnumerateArray())
                {
                    Add(n.GetInt32(), item.GetProperty("key").GetString()!);
                }
            }
        }

        foreach (var file in new[] { "news.json", "pages.json" })
        {
            foreach (var item in Items(file))
            {
                foreach (var tag in item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).Where(t => t.StartsWith("gcm-", StringComparison.Ordinal)))
                {
                    Add(int.Parse(tag[4..], System.Globalization.CultureInfo.InvariantCulture), item.GetProperty("key").GetString()!);
                }
            }
        }

        var allKeys = TranslatedFiles.SelectMany(f => Items(f).Select(i => i.GetProperty("key").GetString()!)).ToHashSet(StringComparer.Ordinal);
        Assert.All(expected.Values.SelectMany(v => v), key => Assert.Contains(key, allKeys));
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, e => Assert.Equal(e.Value, actual[e.Key].Order().ToList()));

        void Add(int n, string key)
        {
            if (!actual.TryGetValue(n, out var list))
            {
                actual[n] = list = [];
            }

            list.Add(key);
        }
    }

    [Fact]
    public void The_seed_facts_are_in_the_data()
    {
        var meetings = Items("meetings.json").ToDictionary(m => m.GetProperty("key").GetString()!);
        var madrid = meetings["meeting-2022-madrid-border-management"];
        Assert.Equal("2022-07-05", madrid.GetProperty("startDate").GetString());
        Assert.Equal("2022-07-06", madrid.GetProperty("endDate").GetString());
        Assert.Equal("2022-06-21", madrid.GetProperty("registrationDeadline").GetString());
        Assert.Equal(new[] { "ES", "MA" }, madrid.GetProperty("coChairs").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.Equal(2, madrid.GetProperty("workingGroups").GetArrayLength());
        var marrakech = meetings["meeting-2023-marrakech-humanised-border-management"];
        Assert.Equal("2023-06-22", marrakech.GetProperty("startDate").GetString());
        Assert.Equal("2023-06-09", marrakech.GetProperty("registrationDeadline").GetString());
        Assert.Equal(new[] { "MA", "ES" }, marrakech.GetProperty("coChairs").EnumerateArray().Select(c => c.GetString()!).ToArray());
        var som = meetings["meeting-2017-brussels-senior-officials-meeting"];
        Assert.Equal("2017-05-02", som.GetProperty("startDate").GetString());
        Assert.Equal("2017-07-19", meetings["meeting-2017-dakar-informal-workshop-external-observers"].GetProperty("startDate").GetString());

        // "gestion des frontières" is in the French titles the search test looks for.
        Assert.Contains("gestion des frontières", madrid.GetProperty("translations").GetProperty("fr").GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains("gestion humanisée des frontières", marrakech.GetProperty("translations").GetProperty("fr").GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(6, Items("news.json").Count(n => n.GetProperty("date").GetString()!.StartsWith("2017-", StringComparison.Ordinal)));
    }

    private static string FindSeedDirectory() => RepositoryFiles.Find(Path.Combine("eng", "seed"), "expected-alignment.json");

    [GeneratedRegex("^[a-z0-9]+(-[a-zA-Z0-9]+)*$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[a-z0-9]+([.-][a-z0-9]+)*$")]
    private static partial Regex TagPattern();
}
