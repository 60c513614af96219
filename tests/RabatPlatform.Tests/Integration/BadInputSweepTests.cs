using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RabatPlatform.Contracts;
using RabatPlatform.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RabatPlatform.Tests.Integration;

/// <summary>
/// Issue 19, "no 500 for any input", as a generated sweep: every operation of every service's OpenAPI document
/// (read through the gateway, <c>/openapi/{service}.json</c>) gets hostile path values (an overflowing number,
/// <c>..%2F</c>, <c>%00</c>, a 300-character segment, an unknown GUID), hostile values of each declared query
/// parameter (<c>%00</c>, invalid UTF-8 <c>%C3%28</c>, huge and negative numbers) and, when it takes JSON, hostile
/// bodies (the wrong JSON type at the top and in each property, NUL characters in every string, truncated JSON,
/// 64-deep nesting, invalid UTF-8 bytes, duplicate keys, an empty body); multipart uploads get one truncated body.
/// Each is sent as anonymous, as <c>secretariat</c> and as <c>partner</c> (MA), through the gateway. The sweep fails
/// on any 5xx and on any 4xx whose body is not <c>application/problem+json</c>, listing each offence.
/// <para>
/// What is the platform's answer, and what is not: everything the gateway and the services answer is checked,
/// through the gateway (a gateway-made 4xx — 401, 403, 404, 413, 429 — must be a problem document too). Two kinds
/// of answer are not the platform's and are allowed: a 400 that Kestrel itself writes, before any application code
/// runs, for a request line it cannot accept (empty body, <c>Connection: close</c>; the same as its 414 and 431,
/// see docs/limits.md), and the newsletter's link pages (confirm, unsubscribe, preferences), which answer a
/// forged link with a 400 HTML page on purpose, for a subscriber's browser. Each request comes from its own
/// client address (<c>X-Forwarded-For</c>, trusted from loopback) so the public forms' rate limit does not turn
/// the sweep into 429s, nor the sweep spend another test's budget.
/// </para>
/// <para>Bounded: a few values per parameter, eight requests in flight; about 20 s on a 2-core machine.</para>
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BadInputSweepTests(PlatformFixture platform, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] PathValues =
        ["99999999999999999999", "..%2F", "%00", new string('a', 300), "-1", "00000000-0000-0000-0000-000000000001"];

    private static readonly string[] QueryValues = ["%00", "%C3%28", "99999999999999999999", "-1", "2147483647"];

    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    private static readonly string[] LinkPages =
        ["/api/subscriptions/newsletter/confirm", "/api/subscriptions/newsletter/unsubscribe", "/api/subscriptions/newsletter/preferences"];

    private static int clientAddress;

    private static readonly ConcurrentDictionary<string, int> Allowed = new(StringComparer.Ordinal);

    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task No_operation_answers_a_5xx_or_a_non_problem_4xx_to_hostile_input()
    {
        var clock = Stopwatch.StartNew();
        var cases = new List<SweepCase>();
        foreach (var service in ResourceNames.Services)
        {
            var response = await platform.Client.GetAsync($"/openapi/{service}.json");
            Assert.True(response.IsSuccessStatusCode, $"/openapi/{service}.json: {(int)response.StatusCode}");
            var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            cases.AddRange(CasesOf(document));
        }

        Assert.True(cases.Count > 100, $"only {cases.Count} cases: are the OpenAPI documents empty?");
        var clients = new (string Name, HttpClient Client)[]
        {
            ("anonymous", platform.Client),
            ("secretariat", await platform.ClientAsAsync("secretariat")),
            ("partner", await platform.ClientAsAsync("partner", "MA")),
        };

        var offences = new ConcurrentBag<string>();
        using var gate = new SemaphoreSlim(8);
        var sent = 0;
        await Task.WhenAll(clients.SelectMany(client => cases.Select(async sweepCase =>
        {
            await gate.WaitAsync();
            try
            {
                Interlocked.Increment(ref sent);
                if (await SendAsync(client.Client, sweepCase) is { } offence)
                {
                    offences.Add($"{sweepCase.Method.ToUpperInvariant()} {sweepCase.Template} [{sweepCase.Name}] as {client.Name} → {offence}");
                }
            }
            finally
            {
                gate.Release();
            }
        })));

        foreach (var (reason, count) in Allowed.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"allowed: {reason} × {count}");
        }

        output.WriteLine($"{sent} requests ({cases.Count} cases × {clients.Length} callers) in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(offences.IsEmpty, $"{offences.Count} offences:\n{string.Join("\n", offences.Order(StringComparer.Ordinal))}");
    }

    private static async Task<string?> SendAsync(HttpClient client, SweepCase sweepCase)
    {
        using var request = new HttpRequestMessage(new HttpMethod(sweepCase.Method.ToUpperInvariant()), sweepCase.Url);
        if (sweepCase.Body is { } body)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(sweepCase.ContentType!);
        }

        var n = Interlocked.Increment(ref clientAddress);
        request.Headers.Add("X-Forwarded-For", $"172.{16 + ((n >> 16) & 15)}.{(n >> 8) & 255}.{n & 255}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return $"no answer ({ex.GetType().Name}: {ex.Message})";
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var text = await response.Content.ReadAsStringAsync();
            if (status < 400 || (status < 500 && mediaType == "application/problem+json"))
            {
                return null;
            }

            if (status == 400 && text.Length == 0 && response.Headers.ConnectionClose == true)
            {
                Allowed.AddOrUpdate($"Kestrel 400 [{sweepCase.Name}]", 1, (_, count) => count + 1);
                return null; // Kestrel's own refusal of the request line, before any application code
            }

            if (status < 500 && mediaType == "text/html" && LinkPages.Any(page => sweepCase.Template == page))
            {
                Allowed.AddOrUpdate($"HTML {status} {sweepCase.Template}", 1, (_, count) => count + 1);
                return null; // the newsletter's link pages, on purpose
            }

            return $"{status} {mediaType ?? "(no content type)"} {text[..Math.Min(text.Length, 160)].ReplaceLineEndings(" ")}";
        }
    }

    private static IEnumerable<SweepCase> CasesOf(JsonObject document)
    {
        var components = document["components"]?["schemas"]?.AsObject();
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            foreach (var method in Methods)
            {
                if (item![method] is not JsonObject operation)
                {
                    continue;
                }

                var parameters = (operation["parameters"]?.AsArray() ?? []).Concat(item["parameters"]?.AsArray() ?? [])
                    .OfType<JsonObject>().ToList();
                var pathParameters = parameters.Where(p => (string?)p["in"] == "path").ToList();
                var queryParameters = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).Distinct().ToList();
                var content = operation["requestBody"]?["content"]?.AsObject();
                var json = content?.FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal)).Value;
                var multipart = content?.Any(c => c.Key.StartsWith("multipart/", StringComparison.Ordinal)) == true;
                byte[]? baseBody = json is not null ? "{}"u8.ToArray() : null;
                var baseType = json is not null ? "application/json" : null;
                var basePath = Fill(template, pathParameters.ToDictionary(p => (string)p["name"]!, p => Plausible(p["schema"], components)));

                foreach (var parameter in pathParameters)
                {
                    var name = (string)parameter["name"]!;
                    foreach (var value in PathValues)
                    {
                        var values = pathParameters.ToDictionary(p => (string)p["name"]!, p => Plausible(p["schema"], components));
                        values[name] = value;
                        yield return new(method, template, $"path {name}={Short(value)}", Fill(template, values), baseBody, baseType);
                    }
                }

                foreach (var name in queryParameters)
                {
                    var others = queryParameters.Contains("q") && name != "q" ? "&q=migration" : "";
                    foreach (var value in QueryValues)
                    {
                        yield return new(method, template, $"query {name}={value}", $"{basePath}?{name}={value}{others}", baseBody, baseType);
                    }
                }

                if (json is not null)
                {
                    foreach (var (name, body) in HostileBodies(Resolve(json["schema"], components), components))
                    {
                        yield return new(method, template, $"body {name}", basePath, body, "application/json");
                    }
                }
                else if (multipart)
                {
                    var truncated = "--sweep\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-"u8.ToArray();
                    yield return new(method, template, "multipart truncated", basePath, truncated, "multipart/form-data; boundary=sweep");
                }
            }
        }
    }

    private static IEnumerable<(string Name, byte[] Body)> HostileBodies(JsonObject? schema, JsonObject? components)
    {
        static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
        yield return ("empty", []);
        yield return ("string instead of object", Utf8("\"x\""));
        yield return ("array instead of object", Utf8("[1,2,3]"));
        yield return ("truncated", Utf8("{\"a\": {\"b\": [1, "));
        yield return ("64-deep nesting", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 64)) + "1" + new string('}', 64)));
        yield return ("invalid UTF-8", [.. "{\"a\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8]);
        var properties = schema?["properties"]?.AsObject().Select(p => (p.Key, Schema: Resolve(p.Value, components))).Take(16).ToList() ?? [];
        var first = properties.Count > 0 ? properties[0].Key : "a";
        yield return ("duplicate keys", Utf8($"{{\"{first}\":\"x\",\"{first}\":{{}}}}"));
        foreach (var (name, property) in properties)
        {
            var wrong = TypeOf(property) switch
            {
                "string" => "{\"x\":1}",
                "integer" or "number" => "\"99999999999999999999\"",
                "boolean" => "\"yes\"",
                _ => "12345",
            };
            yield return ($"{name} of the wrong type", Utf8($"{{\"{name}\":{wrong}}}"));
        }

        var withNul = Sample(schema, components, 0);
        yield return ("NUL in every string", Utf8(withNul?.ToJsonString() ?? "{}"));
    }

    /// <summary>A body shaped by the schema whose every string holds a NUL character (two levels deep).</summary>
    private static JsonNode? Sample(JsonObject? schema, JsonObject? components, int depth) => TypeOf(schema) switch
    {
        "string" => schema?["format"]?.ToString() is "uuid" ? Guid.NewGuid().ToString() : "a\u0000b\u0001c",
        "integer" or "number" => 1,
        "boolean" => true,
        "array" when depth < 3 => new JsonArray(Sample(Resolve(schema!["items"], components), components, depth + 1)),
        "object" when depth < 3 => new JsonObject(schema!["properties"]?.AsObject()
            .Select(p => KeyValuePair.Create(p.Key, Sample(Resolve(p.Value, components), components, depth + 1))) ?? []),
        _ => null,
    };

    private static string Plausible(JsonNode? schema, JsonObject? components) => Resolve(schema, components) switch
    {
        var s when s?["format"]?.ToString() == "uuid" => Guid.NewGuid().ToString(),
        var s when TypeOf(s) is "integer" or "number" => "1",
        _ => "sweep",
    };

    private static string? TypeOf(JsonObject? schema) => schema?["type"] switch
    {
        JsonArray types => types.Select(t => t?.ToString()).FirstOrDefault(t => t != "null"),
        JsonNode type => type.ToString(),
        _ => schema?["properties"] is not null ? "object" : null,
    };

    private static JsonObject? Resolve(JsonNode? schema, JsonObject? components)
    {
        for (var hops = 0; hops < 8 && schema is JsonObject node; hops++)
        {
            if (node["$ref"]?.ToString() is { } reference)
            {
                schema = components?[reference.Split('/')[^1]];
            }
            else if ((node["oneOf"] ?? node["anyOf"] ?? node["allOf"]) is JsonArray choices)
            {
                schema = choices.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.ToString() != "null");
            }
            else
            {
                return node;
            }
        }

        return schema as JsonObject;
    }

    private static string Fill(string template, Dictionary<string, string> values)
    {
        var path = template;
        foreach (var (name, value) in values)
        {
            path = path.Replace($"{{{name}}}", value, StringComparison.Ordinal);
        }

        return path;
    }

    private static string Short(string value) => value.Length > 24 ? $"{value[..6]}…({value.Length.ToString(CultureInfo.InvariantCulture)})" : value;

    private sealed record SweepCase(string Method, string Template, string Name, string Url, byte[]? Body, string? ContentType);
}
