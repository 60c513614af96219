using System.Globalization;

namespace RabatPlatform.Bench;

/// <summary>
/// Benchmarks of the platform, one subcommand each:
/// <c>search [--items 50000] [--iterations 200] [--warmup 10] [--seed 42] [--keep]</c>.
/// </summary>
public static class BenchProgram
{
    private const string Usage = """
        usage: RabatPlatform.Bench search [--items N] [--iterations N] [--warmup N] [--seed N] [--clients N] [--keep | --database NAME]
               RabatPlatform.Bench corpus [--items N] [--seed N]

          search        load N synthetic bilingual items into a fresh search database and measure
                        query latency (p50/p95/p99) of typical queries through SearchQueries
            --items       items to index (each has a fr and an en document)      default 50000
            --iterations  measured calls per query                               default 200
            --warmup      unmeasured calls per query before measuring           default 10
            --seed        seed of the synthetic corpus                           default 42
            --keep        keep the database at the end (its name is printed)
            --clients     concurrent clients, each running every round (calls/s printed)  default 1
            --database    measure a database kept by an earlier run: migrate it, load nothing,
                          keep it (to compare query changes without loading again)

          corpus        print the first N items of the synthetic corpus (default 3) and word counts
                        over the first 1,000; needs no database

        The PostgreSQL server comes from RABAT_BENCH_POSTGRES, a connection string without Database
        (e.g. "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres"); bench/search.sh starts
        a throw-away server and sets it.
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true; // Stop measuring, but still drop the database.
            cancellation.Cancel();
        };

        try
        {
            switch (args[0])
            {
                case "search":
                    var options = SearchBenchOptions.Parse(args.AsSpan(1), needsServer: true);
                    return await SearchBench.RunAsync(options, cancellation.Token);
                case "corpus":
                    var sample = SearchBenchOptions.Parse(args.AsSpan(1), needsServer: false);
                    CorpusSample.Print(args.Contains("--items") ? sample.Items : 3, sample.Seed);
                    return 0;
                default:
                    Console.Error.WriteLine($"unknown benchmark '{args[0]}'");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: {e}");
            return 1;
        }
    }
}

public sealed class UsageException(string message) : Exception(message);

public sealed record SearchBenchOptions(int Items, int Iterations, int Warmup, int Seed, bool Keep, string Postgres, string? Database = null, int Clients = 1)
{
    public static SearchBenchOptions Parse(ReadOnlySpan<string> args, bool needsServer)
    {
        int items = 50_000, iterations = 200, warmup = 10, seed = 42, clients = 1;
        var keep = false;
        string? database = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--items":
                    items = Number(args, ref i, min: 1);
                    break;
                case "--iterations":
                    iterations = Number(args, ref i, min: 1);
                    break;
                case "--warmup":
                    warmup = Number(args, ref i, min: 0);
                    break;
                case "--seed":
                    seed = Number(args, ref i, min: 0);
                    break;
                case "--clients":
                    clients = Number(args, ref i, min: 1);
                    break;
                case "--keep":
                    keep = true;
                    break;
                case "--database":
                    database = ++i < args.Length && System.Text.RegularExpressions.Regex.IsMatch(args[i], "^[a-z0-9_]{1,63}$")
                        ? args[i]
                        : throw new UsageException("--database needs the name of a database kept by an earlier run (--keep)");
                    break;
                default:
                    throw new UsageException($"unknown option '{args[i]}'");
            }
        }

        var postgres = Environment.GetEnvironmentVariable("RABAT_BENCH_POSTGRES");
        if (needsServer && string.IsNullOrWhiteSpace(postgres))
        {
            throw new UsageException("RABAT_BENCH_POSTGRES is not set (run bench/search.sh, which starts a server and sets it)");
        }

        return new SearchBenchOptions(items, iterations, warmup, seed, keep, postgres ?? "", database, clients);
    }

    private static int Number(ReadOnlySpan<string> args, ref int i, int min)
    {
        var name = args[i];
        if (++i >= args.Length || !int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            throw new UsageException($"{name} needs a whole number >= {min}");
        }

        return value;
    }
}
