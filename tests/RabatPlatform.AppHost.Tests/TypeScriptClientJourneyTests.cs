using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace RabatPlatform.AppHost.Tests;

/// <summary>
/// The TypeScript client (<c>clients/typescript</c>, typed by the checked-in OpenAPI documents) used for real:
/// <c>node dist/journey.js</c> walks a journey through the gateway of the platform the AppHost started —
/// the Secretariat creates and publishes a news item, a visitor lists the news in French and in English,
/// reads the item by slug, finds it with the search, lists the meetings and subscribes to the newsletter.
/// The journey is compiled by <c>eng/test.sh</c> (<c>npm ci</c>, <c>npm run build</c>) before the tests run.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class TypeScriptClientJourneyTests(AppHostFixture platform, ITestOutputHelper output)
{
    [Fact]
    public async Task The_typescript_client_walks_the_journey_through_the_gateway()
    {
        var journey = Path.Combine(Path.GetDirectoryName(OpenApiSnapshotTests.SnapshotPath("content"))!, "..", "typescript", "dist", "journey.js");
        Assert.True(File.Exists(journey), $"{journey} is missing: build the client first (cd clients/typescript && npm ci && npm run build; eng/test.sh does).");

        var answer = await platform.Gateway.PostAsJsonAsync("/api/auth/dev-token", new { role = "secretariat" });
        answer.EnsureSuccessStatusCode();
        var token = (await answer.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();

        var start = new ProcessStartInfo("node", [Path.GetFullPath(journey)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["RABAT_GATEWAY_URL"] = platform.Gateway.BaseAddress!.ToString().TrimEnd('/'),
                ["RABAT_TOKEN"] = token,
            },
        };
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }

        var text = await stdout + await stderr;
        output.WriteLine(text);
        Assert.True(node.ExitCode == 0, $"node {journey} exited with {node.ExitCode}:\n{text}");
        Assert.Contains("journey: 7 passed, 0 failed", text, StringComparison.Ordinal);
    }
}
