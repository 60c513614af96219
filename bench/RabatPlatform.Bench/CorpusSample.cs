using System.Globalization;
using System.Text.RegularExpressions;

namespace RabatPlatform.Bench;

/// <summary><c>corpus</c>: a look at the synthetic items, without a database.</summary>
public static partial class CorpusSample
{
    public static void Print(int items, int seed)
    {
        for (var i = 0; i < items; i++)
        {
            var item = Corpus.Item(seed, i);
            Console.WriteLine($"#{i} {item.ItemType} {item.ItemId} {item.Date:yyyy-MM-dd} themes [{string.Join(", ", item.Themes)}] countries [{string.Join(", ", item.Countries)}]");
            foreach (var (language, text) in item.Texts)
            {
                Console.WriteLine($"  [{language}] {text.Title}  ({text.Slug})");
                Console.WriteLine($"       summary: {text.Summary}");
                Console.WriteLine($"       body: {text.Body}");
            }

            Console.WriteLine();
        }

        var sample = Enumerable.Range(0, 1000).Select(i => Corpus.Item(seed, i)).ToList();
        var texts = sample.SelectMany(x => x.Texts.Values).ToList();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"first 1,000 items: {texts.Count} texts; words per title {Average(texts, t => t.Title):F1}, "
            + $"summary {Average(texts, t => t.Summary):F1}, body {Average(texts, t => t.Body):F1}; "
            + $"single-language items {sample.Count(x => x.Texts.Count == 1)}"));
        foreach (var group in sample.GroupBy(x => x.ItemType).OrderByDescending(g => g.Count()))
        {
            Console.WriteLine($"  {group.Key}: {group.Count()}");
        }
    }

    private static double Average(List<CorpusText> texts, Func<CorpusText, string> field) =>
        texts.Average(t => Words().Count(field(t)));

    [GeneratedRegex(@"[\p{L}\p{N}'’-]+")]
    private static partial Regex Words();
}
