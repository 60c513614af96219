using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RabatPlatform.Contracts;
using RabatPlatform.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RabatPlatform.Tests.Integration;

/// <summary>
/// Issue 20: the five OpenAPI documents, read through the gateway as front ends read them, are documents clients can
/// be generated from: unique operationIds, a summary, security on every operation, every response with its media
/// type, problem documents for errors, no two paths that differ only by a parameter's name — and Redocly's
/// recommended rules (<c>eng/openapi/redocly.yaml</c>) find no error. The documents are written to
/// <c>.local/openapi/</c> for a look or another tool.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class OpenApiDocumentTests(PlatformFixture platform, ITestOutputHelper output)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    [Fact]
    public async Task Every_operation_has_a_unique_operationId_a_summary_security_and_typed_responses()
    {
        var offences = new List<string>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (service, document) in await DocumentsAsync())
        {
            Assert.NotNull(document["components"]?["securitySchemes"]?["bearer"]);
            var shapes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (path, item) in document["paths"]!.AsObject())
            {
                var shape = Parameter().Replace(path, "{}");
                if (shapes.TryGetValue(shape, out var other))
                {
                    offences.Add($"{path} and {other} differ only by a parameter's name");
                }

                shapes[shape] = path;
                foreach (var method in Methods)
                {
                    if (item![method] is JsonObject operation)
                    {
                        offences.AddRange(Check(service, $"{method.ToUpperInvariant()} {path}", path, operation, ids));
                    }
                }
            }
        }

        output.WriteLine($"{ids.Count} operations");
        Assert.True(ids.Count > 100, $"only {ids.Count} operations");
        Assert.True(offences.Count == 0, string.Join("\n", offences));
    }

    [Fact]
    public async Task Ids_and_slugs_have_an_address_each_and_the_old_slug_routes_still_answer()
    {
        var documents = await DocumentsAsync();
        var content = documents[ResourceNames.Content]["paths"]!.AsObject();
        Assert.Equal("getNewsBySlug", (string?)content["/api/content/news/by-slug/{slug}"]?["get"]?["operationId"]);
        Assert.Equal("getNews", (string?)content["/api/content/news/{id}"]?["get"]?["operationId"]);
        Assert.Equal("getPageBySlug", (string?)content["/api/content/pages/by-slug/{slug}"]?["get"]?["operationId"]);
        Assert.Equal("getMeetingBySlug", (string?)documents[ResourceNames.Meetings]["paths"]!["/api/meetings/by-slug/{slug}"]?["get"]?["operationId"]);
        var asyncApi = documents[ResourceNames.Subscriptions]["paths"]!["/api/subscriptions/asyncapi.json"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        Assert.NotEqual("string", (string?)asyncApi["type"]); // a JSON document, not a JSON string
        Assert.Equal("getPublicationBySlug",
            (string?)documents[ResourceNames.Publications]["paths"]!["/api/publications/by-slug/{slug}"]?["get"]?["operationId"]);

        // The old addresses are left out of the documents, but a front end that still uses them is answered.
        foreach (var path in new[] { "/api/content/news/no-such-item", "/api/content/news/by-slug/no-such-item", "/api/meetings/no-such-meeting",
                     "/api/meetings/by-slug/no-such-meeting", "/api/publications/no-such-publication", "/api/publications/by-slug/no-such-publication" })
        {
            var response = await platform.Client.GetAsync(path);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Redocly_lint_with_the_recommended_rules_finds_no_error()
    {
        var folder = await WriteDocumentsAsync();
        var project = RepositoryFiles.Find("eng/openapi", "package.json");
        var cli = Path.Combine(project, "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"Redocly CLI is not installed: run `npm ci` in {project} (eng/test.sh does it).");

        var start = new ProcessStartInfo("node") { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { cli, "lint", "--config", Path.Combine(project, "redocly.yaml"), "--format", "stylish" }
                     .Concat(ResourceNames.Services.Select(s => Path.Combine(folder, $"{s}.json"))))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var lint = Process.Start(start)!;
        var stdout = lint.StandardOutput.ReadToEndAsync();
        var stderr = lint.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await lint.WaitForExitAsync(timeout.Token);
        var report = await stdout + await stderr;
        output.WriteLine(report);
        Assert.True(lint.ExitCode == 0, $"redocly lint exited {lint.ExitCode}:\n{report}");
    }

    private static IEnumerable<string> Check(string service, string name, string path, JsonObject operation, Dictionary<string, string> ids)
    {
        if ((string?)operation["operationId"] is not { Length: > 0 } id)
        {
            yield return $"{name}: no operationId";
        }
        else if (!ids.TryAdd(id, $"{service} {name}"))
        {
            yield return $"{name}: operationId {id} also names {ids[id]}";
        }
        else if (!OperationId().IsMatch(id))
        {
            yield return $"{name}: operationId {id} is not a camelCase method name";
        }

        if (string.IsNullOrWhiteSpace((string?)operation["summary"]))
        {
            yield return $"{name}: no summary";
        }

        if (operation["security"] is not JsonArray security || security.Count == 0)
        {
            yield return $"{name}: no security (anonymous operations say [{{}}])";
            yield break;
        }

        var responses = operation["responses"]!.AsObject();
        var secured = security.All(requirement => requirement!.AsObject().Count > 0);
        if (secured && (!responses.ContainsKey("401") || !responses.ContainsKey("403")))
        {
            yield return $"{name}: needs a token but documents no 401 and 403";
        }

        if (path.Contains('{', StringComparison.Ordinal) && !responses.ContainsKey("404"))
        {
            yield return $"{name}: looks something up but documents no 404";
        }

        if (!responses.Any(r => r.Key.StartsWith('2')))
        {
            yield return $"{name}: no 2xx response";
        }

        foreach (var (status, response) in responses)
        {
            var content = response?["content"]?.AsObject();
            if (status[0] is '4' or '5' && content?.ContainsKey("application/problem+json") != true)
            {
                yield return $"{name}: {status} is not a problem document";
            }
            else if (status[0] == '2' && status is not ("202" or "204") && (content is null || content.Count == 0))
            {
                yield return $"{name}: {status} has no media type";
            }
        }
    }

    private async Task<Dictionary<string, JsonObject>> DocumentsAsync()
    {
        var documents = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var service in ResourceNames.Services)
        {
            // The gateway gives a service 10 s for its document; a cold service on a busy machine may need longer
            // the first time (a 502): ask again until a deadline.
            var deadline = DateTime.UtcNow.AddSeconds(90);
            var response = await platform.Client.GetAsync($"/openapi/{service}.json");
            while (response.StatusCode == System.Net.HttpStatusCode.BadGateway && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                response = await platform.Client.GetAsync($"/openapi/{service}.json");
            }

            Assert.True(response.IsSuccessStatusCode, $"/openapi/{service}.json: {(int)response.StatusCode}");
            documents[service] = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        }

        return documents;
    }

    /// <summary>The five documents as the gateway serves them, in <c>.local/openapi/</c> of the repository.</summary>
    private async Task<string> WriteDocumentsAsync()
    {
        var folder = Path.Combine(Path.GetDirectoryName(RepositoryFiles.Find("RabatPlatform.sln"))!, ".local", "openapi");
        Directory.CreateDirectory(folder);
        foreach (var (service, document) in await DocumentsAsync())
        {
            await File.WriteAllTextAsync(Path.Combine(folder, $"{service}.json"), document.ToJsonString(new() { WriteIndented = true }));
        }

        return folder;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    private static partial Regex OperationId();
}
