// The write-side benchmarks (issue 16), run by bench/registrations.sh, bench/mail.sh and bench/events.sh against
// real service processes those scripts start: `registrations`, `mail`, `events`. Figures go to stdout as a table,
// and, when BENCH_RESULTS names a file, one JSON object per figure and line to that file (bench/README.md).
using RabatPlatform.WriteBench;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: RabatPlatform.WriteBench registrations|mail|events [options]");
    return 2;
}

var options = new BenchArgs(args[1..]);
return args[0] switch
{
    "registrations" => await RegistrationsBench.RunAsync(options),
    "mail" => await MailBench.RunAsync(options),
    "events" => await EventsBench.RunAsync(options),
    _ => 2,
};
