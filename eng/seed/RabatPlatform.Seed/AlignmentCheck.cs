using System.Text.Json;

namespace RabatPlatform.Seed;

/// <summary>
/// Compares <c>GET /api/content/gcm-alignment?lang=fr</c> with <c>eng/seed/expected-alignment.json</c>
/// (objective numbers and, under each, the activities' French slugs), waiting for the events to arrive.
/// </summary>
public static class AlignmentCheck
{
    public sealed record Expected(int Covered, int Total, List<ExpectedObjective> Objectives);

    public sealed record ExpectedObjective(int Number, List<string> Activities);

    public static Expected LoadExpected(string path) =>
        JsonSerializer.Deserialize<Expected>(File.ReadAllText(path), SeedDataSet.Json) ?? throw new SeedException($"empty {path}");

    /// <summary>The French slug of every item of the data set, by natural key.</summary>
    public static Dictionary<string, string> SlugsByKey(SeedDataSet data) =>
        data.Meetings.Select(m => (m.Key, m.Translations["fr"].Slug))
            .Concat(data.Publications.Select(p => (p.Key, p.Translations["fr"].Slug)))
            .Concat(data.News.Select(n => (n.Key, n.Translations["fr"].Slug)))
            .Concat(data.Pages.Select(p => (p.Key, p.Translations["fr"].Slug)))
            .ToDictionary(x => x.Key, x => x.Slug, StringComparer.Ordinal);

    /// <summary>Differences (empty when the matrix is as expected), after waiting up to <paramref name="wait"/>.</summary>
    public static async Task<List<string>> RunAsync(Gateway gateway, SeedDataSet data, Expected expected, TimeSpan wait, CancellationToken ct)
    {
        var slugs = SlugsByKey(data);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var differences = new List<string>();
            var body = await Adapters.AlignmentAsync(gateway, ct);
            var actual = body.Objectives
                .Where(o => o.Covered)
                .ToDictionary(o => o.Number, o => o.Activities.Select(a => Adapters.Text(a.Slug) ?? "").ToHashSet(StringComparer.Ordinal));
            foreach (var objective in expected.Objectives)
            {
                var want = objective.Activities.Select(k => slugs[k]).ToHashSet(StringComparer.Ordinal);
                var got = actual.GetValueOrDefault(objective.Number) ?? [];
                foreach (var missing in want.Except(got))
                {
                    differences.Add($"objective {objective.Number}: missing {missing}");
                }

                foreach (var extra in got.Except(want))
                {
                    differences.Add($"objective {objective.Number}: unexpected {extra}");
                }
            }

            foreach (var number in actual.Keys.Except(expected.Objectives.Select(o => o.Number)))
            {
                differences.Add($"objective {number}: covered but not expected");
            }

            if (differences.Count == 0 || DateTime.UtcNow >= deadline)
            {
                return differences;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }
}
