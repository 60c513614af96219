using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace RabatPlatform.ArchitectureTests;

/// <summary>Dependencies point one way: between projects, and between the feature folders of a service.</summary>
public sealed partial class DependencyTests
{
    [Fact]
    public void No_namespace_cycles_between_the_features_of_a_service()
    {
        var cycles = new List<string>();
        foreach (var service in SourceTree.Services)
        {
            var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var folder in SourceTree.FeatureFolders(service))
            {
                var feature = Path.GetFileName(folder);
                var uses = edges[feature] = new HashSet<string>(StringComparer.Ordinal);
                foreach (var file in SourceTree.CSharpFiles(folder))
                {
                    foreach (Match m in FeatureReference().Matches(File.ReadAllText(file)))
                    {
                        if (m.Groups[1].Value != feature)
                        {
                            uses.Add(m.Groups[1].Value);
                        }
                    }
                }
            }

            cycles.AddRange(FindCycles(edges).Select(c => $"{service}: {string.Join(" -> ", c)}"));
        }

        Assert.True(cycles.Count == 0, "Namespace cycles between features:\n" + string.Join('\n', cycles));
    }

    [Theory]
    [InlineData("gateway/RabatPlatform.Gateway.csproj", "RabatPlatform.Persistence")]
    [InlineData("services/messaging/RabatPlatform.Messaging.csproj", "RabatPlatform.Persistence")]
    [InlineData("services/messaging/RabatPlatform.Messaging.csproj", "Microsoft.EntityFrameworkCore")]
    [InlineData("services/contracts/RabatPlatform.Contracts.csproj", "MassTransit")]
    [InlineData("ServiceDefaults/RabatPlatform.ServiceDefaults.csproj", "RabatPlatform.Messaging")]
    public void A_project_does_not_reference_what_it_does_not_use(string project, string forbidden)
    {
        var references = XDocument.Load(Path.Combine(SourceTree.Root, project)).Descendants()
            .Where(e => e.Name.LocalName is "ProjectReference" or "PackageReference")
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .ToList();

        Assert.DoesNotContain(references, r => r.Contains(forbidden, StringComparison.Ordinal));
    }

    [Fact]
    public void Services_never_reference_each_other()
    {
        foreach (var service in SourceTree.Services)
        {
            var project = Directory.EnumerateFiles(Path.Combine(SourceTree.Root, "services", service), "*.csproj").Single();
            var others = SourceTree.Services.Where(s => s != service).Select(s => $"{s}{Path.DirectorySeparatorChar}").ToList();
            var references = XDocument.Load(project).Descendants().Where(e => e.Name.LocalName == "ProjectReference")
                .Select(e => ((string?)e.Attribute("Include") ?? "").Replace('\\', Path.DirectorySeparatorChar));
            Assert.DoesNotContain(references, r => others.Any(o => r.Contains(o, StringComparison.Ordinal)));
        }
    }

    /// <summary>Every elementary cycle reachable in the graph, each written once (a -> b -> a).</summary>
    private static List<List<string>> FindCycles(Dictionary<string, HashSet<string>> edges)
    {
        var cycles = new List<List<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in edges.Keys.Order(StringComparer.Ordinal))
        {
            Walk(start, [start]);
        }

        return cycles;

        void Walk(string node, List<string> path)
        {
            foreach (var next in edges.GetValueOrDefault(node, []).Order(StringComparer.Ordinal))
            {
                if (next == path[0])
                {
                    var cycle = path.Append(next).ToList();
                    var key = string.Join(",", path.Order(StringComparer.Ordinal));
                    if (seen.Add(key))
                    {
                        cycles.Add(cycle);
                    }
                }
                else if (!path.Contains(next) && string.CompareOrdinal(next, path[0]) > 0)
                {
                    Walk(next, [.. path, next]);
                }
            }
        }
    }

    [GeneratedRegex(@"RabatPlatform\.\w+\.Features\.(\w+)")]
    private static partial Regex FeatureReference();
}
