using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace RabatPlatform.ArchitectureTests;

/// <summary>
/// The Kubernetes objects of a Kustomize overlay under <c>deploy/</c>, rendered offline with
/// <c>kubectl kustomize</c> (no cluster needed) and parsed.
/// </summary>
public sealed class RenderedManifests
{
    private RenderedManifests(IReadOnlyList<YamlMappingNode> objects) => Objects = objects;

    public IReadOnlyList<YamlMappingNode> Objects { get; }

    public static RenderedManifests Kustomize(string overlay)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(SourceTree.Root, overlay)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl is needed to render deploy/ (apt-get install -y kubectl).", e);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var yaml = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"kubectl kustomize {overlay} failed: {error.Result}");
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return new RenderedManifests(stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList());
        }
    }

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Objects.Where(o => Text(o, "kind") == kind);

    public YamlMappingNode? Find(string kind, string name) => OfKind(kind).FirstOrDefault(o => Name(o) == name);

    public static string? Name(YamlMappingNode o) => Text(o, "metadata", "name");

    /// <summary>The node at a path of mapping keys, or null.</summary>
    public static YamlNode? At(YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Text(YamlNode? node, params string[] path) => (At(node, path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlMappingNode> Items(YamlNode? node, params string[] path) =>
        At(node, path) is YamlSequenceNode sequence ? sequence.Children.OfType<YamlMappingNode>() : [];

    /// <summary>The first container of a Deployment's or Job's pod template.</summary>
    public static YamlMappingNode Container(YamlMappingNode workload) =>
        Items(workload, "spec", "template", "spec", "containers").First();

    /// <summary>
    /// The environment a workload's first container starts with: its ConfigMap sources, then its own
    /// variables in order, <c>$(VAR)</c> expanded as the kubelet does (a reference to a variable not defined
    /// before it stays as written). A secret reference reads as <c>secret:&lt;name&gt;/&lt;key&gt;</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment(YamlMappingNode workload)
    {
        var container = Container(workload);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in Items(container, "envFrom"))
        {
            var configMap = Text(source, "configMapRef", "name");
            var data = configMap is null ? null : At(Find("ConfigMap", configMap), "data") as YamlMappingNode;
            foreach (var entry in data?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
            {
                env[((YamlScalarNode)entry.Key).Value!] = ((YamlScalarNode)entry.Value).Value ?? "";
            }
        }

        foreach (var variable in Items(container, "env"))
        {
            var name = Text(variable, "name")!;
            env[name] = Text(variable, "value") is { } value
                ? System.Text.RegularExpressions.Regex.Replace(value, @"\$\((\w+)\)", m => env.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value)
                : $"secret:{Text(variable, "valueFrom", "secretKeyRef", "name")}/{Text(variable, "valueFrom", "secretKeyRef", "key")}";
        }

        return env;
    }
}
