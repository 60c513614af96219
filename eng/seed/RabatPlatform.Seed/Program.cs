using RabatPlatform.Seed;

// eng/seed.sh      → seed [--gateway URL] [--token T] [--data DIR] [--update] [--check] [--wait SECONDS]
// eng/generate.sh  → generate --news N --publications N --meetings N --subscribers N [--connection CS] [--seed N]
var arguments = Options.Parse(args);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return arguments.Command switch
    {
        "seed" => await SeedCommand.RunAsync(arguments, cancel.Token),
        "generate" => await Generator.RunAsync(arguments, cancel.Token),
        "pdf" => await WritePdfAsync(arguments),
        _ => Options.Usage($"unknown command '{arguments.Command}'"),
    };
}
catch (SeedException ex)
{
    Console.Error.WriteLine($"seed: {ex.Message}");
    return 1;
}
catch (HttpRequestException ex)
{
    Console.Error.WriteLine($"seed: the gateway does not answer ({ex.Message}); is the platform running (eng/run.sh)? Else pass --gateway URL.");
    return 1;
}
catch (Npgsql.NpgsqlException ex)
{
    Console.Error.WriteLine($"generate: PostgreSQL: {ex.Message}");
    return 1;
}
catch (ArgumentException ex)
{
    return Options.Usage(ex.Message);
}

// pdf --title T [--language fr] --out FILE: the demo PDF the seed uploads, to look at.
static async Task<int> WritePdfAsync(Options options)
{
    var bytes = MiniPdf.Create(options.Get("title") ?? "Rabat Process", options.Get("language") ?? "fr");
    await File.WriteAllBytesAsync(options.Get("out") ?? throw new ArgumentException("--out FILE is required"), bytes);
    Console.WriteLine($"{bytes.Length} bytes");
    return 0;
}

internal sealed record Options(string Command, Dictionary<string, string?> Values)
{
    public string? Get(string name) => Values.GetValueOrDefault(name);

    public bool Has(string name) => Values.ContainsKey(name);

    public int Int(string name, int fallback) =>
        Get(name) is { } v ? int.TryParse(v, out var n) && n >= 0 ? n : throw new ArgumentException($"--{name} wants a number ≥ 0") : fallback;

    public static Options Parse(string[] args)
    {
        var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "seed";
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var rest = command == (args.FirstOrDefault() ?? "") ? args.Skip(1).ToArray() : args;
        for (var i = 0; i < rest.Length; i++)
        {
            if (!rest[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{rest[i]}'");
            }

            var name = rest[i][2..];
            var flag = name is "update" or "check";
            values[name] = flag || i + 1 >= rest.Length ? null : rest[++i];
        }

        return new Options(command, values);
    }

    public static int Usage(string error)
    {
        Console.Error.WriteLine($"""
            {error}
            usage: seed [--gateway http://127.0.0.1:8080] [--token TOKEN] [--data eng/seed/data] [--update] [--check] [--wait 60]
                   generate [--news N] [--publications N] [--meetings N] [--subscribers N] [--pg CONNECTION] [--db-suffix _x] [--random-seed N]
            """);
        return 2;
    }
}

internal static class SeedCommand
{
    public static async Task<int> RunAsync(Options options, CancellationToken ct)
    {
        var dataDir = options.Get("data") ?? Path.Combine("eng", "seed", "data");
        var data = SeedDataSet.Load(dataDir);
        var gatewayUrl = new Uri(options.Get("gateway") ?? Environment.GetEnvironmentVariable("RABAT_GATEWAY_URL") ?? "http://127.0.0.1:8080");
        using var gateway = new Gateway(gatewayUrl);
        await gateway.AuthenticateAsync(options.Get("token"), ct);
        Console.WriteLine($"seeding {gatewayUrl} from {Path.GetFullPath(dataDir)}");
        var started = System.Diagnostics.Stopwatch.StartNew();
        await new Loader(gateway, data, options.Has("update"), Console.Out).RunAsync(ct);
        Console.WriteLine($"loaded in {started.Elapsed.TotalSeconds:F1} s");
        if (!options.Has("check"))
        {
            return 0;
        }

        var expectedPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataDir))!, "expected-alignment.json");
        var expected = AlignmentCheck.LoadExpected(expectedPath);
        var differences = await AlignmentCheck.RunAsync(gateway, data, expected, TimeSpan.FromSeconds(options.Int("wait", 60)), ct);
        foreach (var difference in differences)
        {
            Console.Error.WriteLine($"alignment: {difference}");
        }

        Console.WriteLine(differences.Count == 0
            ? $"alignment: {expected.Covered} of {expected.Total} GCM objectives covered, as the 2022 document states"
            : $"alignment: {differences.Count} difference(s) with {expectedPath}");
        return differences.Count == 0 ? 0 : 1;
    }
}
