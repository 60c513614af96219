using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RabatPlatform.ArchitectureTests;

/// <summary>The sizes and files docs/architecture.md asks for, measured on the sources.</summary>
public sealed partial class ShapeTests
{
    public const int MaxFileLines = 350;
    public const int MaxHandlerLines = 50;

    private static readonly HashSet<string> MapMethods = ["MapGet", "MapPost", "MapPut", "MapDelete", "MapPatch", "MapMethods"];

    /// <summary>File suffixes a feature folder may not have: each names a grab-bag or a wiring place of its own.</summary>
    private static readonly string[] ForbiddenSuffixes = ["Models.cs", "Api.cs", "Setup.cs", "Features.cs", "Helpers.cs", "Utils.cs"];

    [Fact]
    public void No_production_file_is_over_350_lines()
    {
        var over = SourceTree.ProductionFiles()
            .Select(f => (File: SourceTree.Relative(f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > MaxFileLines)
            .Select(f => $"{f.File}: {f.Lines} lines")
            .ToList();

        Assert.True(over.Count == 0, $"Files over {MaxFileLines} lines:\n" + string.Join('\n', over));
    }

    [Fact]
    public void No_endpoint_handler_is_over_50_lines()
    {
        var over = new List<string>();
        foreach (var folder in SourceTree.Services.Select(s => Path.Combine(SourceTree.Root, "services", s))
                     .Append(Path.Combine(SourceTree.Root, "gateway")))
        {
            var trees = SourceTree.CSharpFiles(folder).Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: f)).ToList();
            var methods = trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
                .ToLookup(m => (Class: m.Ancestors().OfType<TypeDeclarationSyntax>().First().Identifier.ValueText, Name: m.Identifier.ValueText));
            foreach (var map in trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()).Where(IsMapCall))
            {
                var mappingClass = map.Ancestors().OfType<TypeDeclarationSyntax>().First().Identifier.ValueText;
                foreach (var argument in map.ArgumentList.Arguments)
                {
                    var handler = argument.Expression;
                    if (handler is LambdaExpressionSyntax lambda)
                    {
                        Measure(lambda, $"lambda of {map.Expression}", over);
                        // (…) => ListAsync(kind, …): the method the lambda forwards to is the handler.
                        handler = lambda.ExpressionBody is InvocationExpressionSyntax { Expression: var called } ? called : null;
                    }

                    var key = handler switch
                    {
                        IdentifierNameSyntax name => (mappingClass, name.Identifier.ValueText),
                        MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax type } member => (type.Identifier.ValueText, member.Name.Identifier.ValueText),
                        _ => default((string, string)?),
                    };
                    if (key is { } k)
                    {
                        foreach (var method in methods[k])
                        {
                            Measure(method, $"{k.Item1}.{k.Item2}", over);
                        }
                    }
                }
            }
        }

        Assert.True(over.Count == 0, $"Endpoint handlers over {MaxHandlerLines} lines:\n" + string.Join('\n', over.Distinct()));
    }

    [Fact]
    public void Every_feature_folder_has_the_same_kinds_of_files()
    {
        var problems = new List<string>();
        foreach (var service in SourceTree.Services)
        {
            var features = Path.Combine(SourceTree.Root, "services", service, "Features");
            problems.AddRange(Directory.EnumerateFiles(features, "*.cs", SearchOption.TopDirectoryOnly)
                .Select(f => $"{SourceTree.Relative(f)}: a file outside any feature folder"));

            foreach (var folder in SourceTree.FeatureFolders(service))
            {
                var feature = Path.GetFileName(folder);
                var files = Directory.EnumerateFiles(folder, "*.cs").Select(Path.GetFileName).OfType<string>().ToList();
                var relative = SourceTree.Relative(folder);
                if (!files.Contains($"{feature}Feature.cs"))
                {
                    problems.Add($"{relative}: no {feature}Feature.cs");
                }

                problems.AddRange(files.Where(f => ForbiddenSuffixes.Any(f.EndsWith))
                    .Select(f => $"{relative}/{f}: a grab-bag or wiring name (use the kinds in docs/architecture.md)"));

                var hasEndpoints = files.Any(f => File.ReadAllText(Path.Combine(folder, f)) is var text
                    && MapMethods.Any(m => text.Contains($".{m}(", StringComparison.Ordinal)));
                if (!hasEndpoints)
                {
                    continue;
                }

                // A feature whose endpoints answer no problem (a document, a feed of what exists) needs no Problems file.
                var answersProblems = files.Any(f => File.ReadAllText(Path.Combine(folder, f)) is var text
                    && (text.Contains("ProblemHttpResult", StringComparison.Ordinal) || text.Contains("ValidationProblem", StringComparison.Ordinal)));
                foreach (var kind in answersProblems ? new[] { "Endpoints", "Problems" } : ["Endpoints"])
                {
                    if (!files.Any(f => f.StartsWith(feature, StringComparison.Ordinal) && f.EndsWith($"{kind}.cs", StringComparison.Ordinal)))
                    {
                        problems.Add($"{relative}: maps endpoints but has no {feature}…{kind}.cs");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Endpoint_files_hold_no_bilingual_text()
    {
        var inline = new List<string>();
        foreach (var file in SourceTree.Services
                     .SelectMany(s => SourceTree.CSharpFiles(Path.Combine(SourceTree.Root, "services", s)))
                     .Where(f => f.EndsWith("Endpoints.cs", StringComparison.Ordinal)))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (BilingualText().IsMatch(lines[i]))
                {
                    inline.Add($"{SourceTree.Relative(file)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(inline.Count == 0,
            "Texts belong in the feature's Problems, Validator or Views, not in its endpoints:\n" + string.Join('\n', inline));
    }

    /// <summary>A French string literal, or a text picked by language, or a problem written in place.</summary>
    [GeneratedRegex(@"""[^""]*[éèêàâçôûîœÉÀ«»][^""]*""|\.Pick\(|Problems\.Create\(|Localized\.")]
    private static partial Regex BilingualText();

    [Fact]
    public void Endpoints_are_mapped_only_from_feature_files()
    {
        var outside = new List<string>();
        foreach (var service in SourceTree.Services)
        {
            foreach (var file in SourceTree.CSharpFiles(Path.Combine(SourceTree.Root, "services", service)))
            {
                var name = Path.GetFileName(file);
                if (name.EndsWith("Feature.cs", StringComparison.Ordinal) || name.EndsWith("Endpoints.cs", StringComparison.Ordinal))
                {
                    continue;
                }

                var text = File.ReadAllText(file);
                if (MapMethods.Any(m => text.Contains($".{m}(", StringComparison.Ordinal)))
                {
                    outside.Add(SourceTree.Relative(file));
                }
            }
        }

        Assert.True(outside.Count == 0, "Endpoints mapped outside <Feature>Feature.cs / <Feature>…Endpoints.cs:\n" + string.Join('\n', outside));
    }

    [Fact]
    public void Every_file_of_a_feature_folder_is_in_the_feature_namespace()
    {
        var wrong = new List<string>();
        foreach (var service in SourceTree.Services)
        {
            var serviceNamespace = SourceTree.DeclaredNamespace(File.ReadAllText(
                Directory.EnumerateFiles(Path.Combine(SourceTree.Root, "services", service, "Data"), "*DbContext.cs").First()))!;
            var root = serviceNamespace[..serviceNamespace.LastIndexOf(".Data", StringComparison.Ordinal)];
            foreach (var folder in SourceTree.FeatureFolders(service))
            {
                var expected = $"{root}.Features.{Path.GetFileName(folder)}";
                wrong.AddRange(SourceTree.CSharpFiles(folder)
                    .Where(f => SourceTree.DeclaredNamespace(File.ReadAllText(f)) != expected)
                    .Select(f => $"{SourceTree.Relative(f)}: expected namespace {expected}"));
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    private static bool IsMapCall(InvocationExpressionSyntax call) =>
        call.Expression is MemberAccessExpressionSyntax member && MapMethods.Contains(member.Name.Identifier.ValueText);

    private static void Measure(SyntaxNode node, string name, List<string> over)
    {
        var span = node.GetLocation().GetLineSpan();
        var lines = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
        if (lines > MaxHandlerLines)
        {
            over.Add($"{SourceTree.Relative(span.Path)}:{span.StartLinePosition.Line + 1} {name}: {lines} lines");
        }
    }
}
