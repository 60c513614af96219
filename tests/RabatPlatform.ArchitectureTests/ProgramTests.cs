using System.Text.RegularExpressions;

namespace RabatPlatform.ArchitectureTests;

/// <summary><c>Program.cs</c> reads the same in all five services (docs/architecture.md).</summary>
public sealed partial class ProgramTests
{
    public static TheoryData<string> Services() => new(SourceTree.Services);

    [Theory]
    [MemberData(nameof(Services))]
    public void Program_has_the_shared_shape(string service)
    {
        var statements = File.ReadAllLines(Path.Combine(SourceTree.Root, "services", service, "Program.cs"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith("using ", StringComparison.Ordinal) && !l.StartsWith("//", StringComparison.Ordinal))
            .ToList();
        var shape = string.Join('\n', statements.Select(Classify));

        Assert.Matches(ExpectedShape(), shape);
    }

    /// <summary>One letter per statement: the regular expression below is the shape.</summary>
    private static char Classify(string statement) => statement switch
    {
        "var builder = WebApplication.CreateBuilder(args);" => 'C',
        "builder.AddServiceDefaults();" => 'D',
        _ when statement.StartsWith("builder.AddServiceDatabase<", StringComparison.Ordinal) => 'B',
        _ when statement.StartsWith("builder.AddServiceMessaging(", StringComparison.Ordinal) => 'M',
        _ when AddFeature().IsMatch(statement) => 'a',
        "var app = builder.Build();" => 'X',
        "app.UseServiceDefaults();" => 'U',
        _ when MapFeature().IsMatch(statement) => 'm',
        _ when statement.StartsWith("await app.RunOrMigrateAsync<", StringComparison.Ordinal) => 'R',
        _ => '?',
    };

    [GeneratedRegex(@"^C\nD\nB\nM\n(a\n)+X\nU\n(m\n)+R$")]
    private static partial Regex ExpectedShape();

    [GeneratedRegex(@"^builder\.Add[A-Z]\w*\(\);$")]
    private static partial Regex AddFeature();

    [GeneratedRegex(@"^app\.Map[A-Z]\w*\(\);$")]
    private static partial Regex MapFeature();
}
