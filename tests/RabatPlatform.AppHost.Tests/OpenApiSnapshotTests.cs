using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using RabatPlatform.Contracts;

namespace RabatPlatform.AppHost.Tests;

/// <summary>
/// The checked-in OpenAPI documents (<c>clients/openapi/&lt;service&gt;.json</c>), which the TypeScript and .NET
/// clients are generated from, are the documents the running platform serves (the gateway's
/// <c>/openapi/{service}.json</c>). A contract change fails here until the snapshots are refreshed
/// (<c>clients/refresh.sh</c>, or this test with <c>RABAT_OPENAPI_SNAPSHOTS=update</c>), so it shows as a
/// diff of those files in the change that makes it.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class OpenApiSnapshotTests(AppHostFixture platform)
{
    /// <summary>Set to <c>update</c>, the test writes the live documents over the snapshots instead of comparing.</summary>
    public const string UpdateVariable = "RABAT_OPENAPI_SNAPSHOTS";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // French stays readable in the diffs
    };

    public static TheoryData<string> Services => [.. ResourceNames.Services];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task The_snapshot_is_the_document_the_service_serves(string service)
    {
        var live = JsonNode.Parse(await platform.Gateway.GetStringAsync($"/openapi/{service}.json"))!.AsObject();
        live.Remove("servers"); // where the document was read, not the contract (the snapshots have none)
        var path = SnapshotPath(service);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "update")
        {
            await File.WriteAllTextAsync(path, live.ToJsonString(Indented) + "\n");
            return;
        }

        Assert.True(File.Exists(path), $"{path} is missing: run clients/refresh.sh");
        var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        var differences = new List<string>();
        Compare(snapshot, live, "", differences);
        Assert.True(differences.Count == 0,
            $"The {service} service's OpenAPI document differs from clients/openapi/{service}.json "
            + $"(run clients/refresh.sh, then commit the snapshot with the change):\n" + string.Join('\n', differences.Take(30)));
    }

    /// <summary>Where the two trees differ, as JSON pointers (snapshot vs live).</summary>
    private static void Compare(JsonNode? snapshot, JsonNode? live, string pointer, List<string> differences)
    {
        switch (snapshot, live)
        {
            case (JsonObject s, JsonObject l):
                foreach (var key in s.Select(p => p.Key).Union(l.Select(p => p.Key)))
                {
                    var child = $"{pointer}/{key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";
                    if (!s.ContainsKey(key))
                    {
                        differences.Add($"+ {child} (new in the live document)");
                    }
                    else if (!l.ContainsKey(key))
                    {
                        differences.Add($"- {child} (gone from the live document)");
                    }
                    else
                    {
                        Compare(s[key], l[key], child, differences);
                    }
                }

                break;
            case (JsonArray s, JsonArray l) when s.Count == l.Count:
                for (var i = 0; i < s.Count; i++)
                {
                    Compare(s[i], l[i], $"{pointer}/{i}", differences);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(snapshot, live))
                {
                    differences.Add($"~ {pointer}: {Clip(snapshot)} → {Clip(live)}");
                }

                break;
        }
    }

    private static string Clip(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 120 ? text[..120] + "…" : text;
    }

    /// <summary><c>clients/openapi/&lt;service&gt;.json</c> in the repository above the test binaries.</summary>
    public static string SnapshotPath(string service)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RabatPlatform.sln")))
            {
                return Path.Combine(dir.FullName, "clients", "openapi", $"{service}.json");
            }
        }

        throw new DirectoryNotFoundException($"RabatPlatform.sln not found above {AppContext.BaseDirectory}");
    }
}
