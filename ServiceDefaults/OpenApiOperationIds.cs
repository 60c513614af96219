using System.Globalization;
using System.Text;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Stable, readable operationIds (and a default summary) derived from each operation's method and path, so that
/// generated clients get method names such as <c>listNews</c>, <c>getNewsBySlug</c>, <c>publishNews</c>,
/// <c>createMeetingRegistration</c>. An endpoint's own <c>.WithName(…)</c> wins. The rules, in order:
/// <list type="number">
/// <item>Drop <c>/api</c>, and the service's segment when it is only a prefix (no operation at <c>/api/content</c>).</item>
/// <item>The verb: a POST to a last literal segment that is not a collection (no final <c>s</c>) is an action, its
/// first word the verb (<c>/{id}/publish</c> → publish, <c>/{id}/rotate-secret</c> → rotate … Secret); otherwise GET is
/// <c>list</c> on a collection (a path with <c>/{…}</c> children or a POST) and <c>get</c> elsewhere, POST <c>create</c>,
/// PUT <c>update</c>, DELETE <c>delete</c>.</item>
/// <item>The nouns: each literal segment, singular when an id follows (<c>meetings/{id}</c> → Meeting) or when it is
/// created, <c>by-slug/{slug}</c> → BySlug; <c>-</c> and <c>.</c> split words (<c>calendar.ics</c> → CalendarIcs).</item>
/// <item>A HEAD operation beside a GET of the same id takes the suffix <c>Head</c>.</item>
/// </list>
/// Ids depend only on the route, so they change only when a route does; their uniqueness is tested.
/// </summary>
public static class OpenApiOperationIds
{
    public static void Assign(OpenApiDocument document)
    {
        if (document.Paths is null)
        {
            return;
        }

        var paths = document.Paths.Keys.Select(Normalize).ToList();
        foreach (var (path, item) in document.Paths)
        {
            if (item.Operations is null)
            {
                continue;
            }

            foreach (var (method, operation) in item.Operations)
            {
                operation.OperationId ??= Derive(Normalize(path), method.Method.ToUpperInvariant(), paths, item);
                if (method == HttpMethod.Head && item.Operations.TryGetValue(HttpMethod.Get, out var get) && get.OperationId == operation.OperationId)
                {
                    operation.OperationId += "Head";
                }

                operation.Summary ??= Humanize(operation.OperationId!);
            }
        }
    }

    /// <summary><c>listNewsRevisions</c> → "List news revisions".</summary>
    public static string Humanize(string operationId)
    {
        var text = new StringBuilder();
        foreach (var c in operationId)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(text.Length == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    private static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    private static string Derive(string path, string method, List<string> paths, IOpenApiPathItem item)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (segments.Count > 0 && segments[0] == "api")
        {
            segments.RemoveAt(0);
        }

        if (segments.Count > 1 && !IsParameter(segments[1]) && !paths.Contains($"/api/{segments[0]}"))
        {
            segments.RemoveAt(0); // a service prefix (/api/content/news), not a resource
        }

        var last = segments.Count > 0 ? segments[^1] : "root";
        string verb;
        var suffix = "";
        var nouns = segments;
        if (method == "POST" && !IsParameter(last) && !last.Contains('.', StringComparison.Ordinal) && !IsPlural(last) && segments.Count > 1)
        {
            var words = Words(last);
            verb = words[0].ToLowerInvariant();
            suffix = string.Concat(words.Skip(1));
            nouns = segments[..^1];
        }
        else
        {
            var collection = paths.Any(p => p.StartsWith(path + "/{", StringComparison.Ordinal))
                || item.Operations?.ContainsKey(HttpMethod.Post) == true;
            verb = method switch
            {
                "GET" or "HEAD" => !IsParameter(last) && collection ? "list" : "get",
                "POST" => "create",
                "PUT" => "update",
                "DELETE" => "delete",
                _ => method.ToLowerInvariant(),
            };
        }

        var name = new StringBuilder(verb);
        for (var i = 0; i < nouns.Count; i++)
        {
            var segment = nouns[i];
            if (IsParameter(segment))
            {
                continue;
            }

            if (segment == "by-slug")
            {
                name.Append("BySlug");
                continue;
            }

            var next = i + 1 < nouns.Count ? nouns[i + 1] : null;
            var singular = (next is not null && (IsParameter(next) || next == "by-slug")) || (next is null && verb == "create");
            var words = Words(segment.Contains('{', StringComparison.Ordinal) ? string.Concat(segment.Split('{', '}').Where((_, n) => n % 2 == 0)) : segment);
            if (singular)
            {
                words[^1] = Singular(words[^1]);
            }

            name.Append(string.Concat(words));
        }

        return name.Append(suffix).ToString();
    }

    private static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');

    private static bool IsPlural(string segment) => segment.EndsWith('s') && !segment.EndsWith("ss", StringComparison.Ordinal);

    private static string Singular(string word) => word switch
    {
        "News" => word,
        _ when word.EndsWith("ies", StringComparison.Ordinal) => word[..^3] + "y",
        _ when IsPlural(word) => word[..^1],
        _ => word,
    };

    /// <summary><c>rotate-secret</c> → [Rotate, Secret]; <c>calendar.ics</c> → [Calendar, Ics].</summary>
    private static List<string> Words(string segment) => segment
        .Split(['-', '.', '_'], StringSplitOptions.RemoveEmptyEntries)
        .Select(w => char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..])
        .ToList();
}
