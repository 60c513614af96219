using System.Text.RegularExpressions;

namespace RabatPlatform.ArchitectureTests;

/// <summary>The repository's C# sources, found above the test binaries (the folder that holds RabatPlatform.sln).</summary>
public static partial class SourceTree
{
    public static readonly string Root = FindRoot();

    /// <summary>The five services, each a folder under <c>services/</c> with a <c>Program.cs</c>.</summary>
    public static IReadOnlyList<string> Services { get; } = Directory.EnumerateDirectories(Path.Combine(Root, "services"))
        .Where(d => File.Exists(Path.Combine(d, "Program.cs")))
        .Select(Path.GetFileName)
        .OfType<string>()
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Hand-written production code: the services, the shared projects, the gateway and the AppHost (not migrations).</summary>
    public static IEnumerable<string> ProductionFiles() =>
        new[] { "services", "gateway", "ServiceDefaults", "AppHost" }
            .SelectMany(top => Directory.EnumerateFiles(Path.Combine(Root, top), "*.cs", SearchOption.AllDirectories))
            .Where(IsHandWritten)
            .Order(StringComparer.Ordinal);

    /// <summary>The feature folders of a service: <c>services/&lt;service&gt;/Features/&lt;Feature&gt;</c>.</summary>
    public static IEnumerable<string> FeatureFolders(string service)
    {
        var features = Path.Combine(Root, "services", service, "Features");
        return Directory.Exists(features)
            ? Directory.EnumerateDirectories(features).Order(StringComparer.Ordinal)
            : [];
    }

    public static IEnumerable<string> CSharpFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Where(IsHandWritten).Order(StringComparer.Ordinal);

    public static string Relative(string path) => Path.GetRelativePath(Root, path);

    /// <summary>The namespace a file declares (file-scoped or block), or null.</summary>
    public static string? DeclaredNamespace(string source) =>
        NamespacePattern().Match(source) is { Success: true } m ? m.Groups[1].Value : null;

    private static bool IsHandWritten(string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar);
        return !parts.Contains("obj") && !parts.Contains("bin") && !parts.Contains("Migrations") && !parts.Contains("node_modules");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RabatPlatform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"RabatPlatform.sln not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespacePattern();
}
