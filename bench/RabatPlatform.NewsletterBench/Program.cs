// The newsletter fan-out benchmark: N confirmed subscribers, one news.published item, the consumer's
// set-based batched INSERT … SELECT into mail_queue; enqueue time, and the process's managed heap and
// working set sampled every 20 ms during the fan-out (flat memory = nothing per subscriber is loaded).
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Subscriptions.Features.Email;
using RabatPlatform.Subscriptions.Features.Newsletter;
using RabatPlatform.Subscriptions.Features.Notifications;

var subscribers = 100_000;
var batch = 5000;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--subscribers") subscribers = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--batch") batch = int.Parse(args[++i], CultureInfo.InvariantCulture);
}

var server = Environment.GetEnvironmentVariable("RABAT_BENCH_POSTGRES")
    ?? throw new InvalidOperationException("RABAT_BENCH_POSTGRES is not set");
var database = $"newsletter_bench_{Guid.NewGuid():N}"[..30];
var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
await using (var admin = new NpgsqlConnection(server))
{
    await admin.OpenAsync();
    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
    await create.ExecuteNonQueryAsync();
}

try
{
    var builder = new DbContextOptionsBuilder<SubscriptionsDbContext>();
    builder.UseServiceDatabase(connection);
    var options = builder.Options;
    await using (var db = new SubscriptionsDbContext(options))
    {
        await db.Database.MigrateAsync();
        db.Database.SetCommandTimeout(600);
        var seed = Stopwatch.StartNew();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO newsletter_subscribers (id, email, email_hash, language, topics, state, stamp, created_at, updated_at)
            SELECT gen_random_uuid(), 'bench' || g || '@example.org', md5(g::text) || md5((g + 1)::text),
                   CASE WHEN g % 3 = 0 THEN 'en' ELSE 'fr' END,
                   CASE WHEN g % 10 = 0 THEN ARRAY['meetings'] ELSE ARRAY['news', 'trafficking'] END,
                   'confirmed', md5(g::text), now(), now()
            FROM generate_series(1, {subscribers}) g
            """);
        await db.Database.ExecuteSqlRawAsync("ANALYZE newsletter_subscribers");
        Console.WriteLine($"seeded {subscribers:N0} confirmed subscribers in {seed.Elapsed.TotalSeconds:F1} s");
    }

    var fanOut = new NotificationFanOut(Options.Create(new NewsletterOptions
    {
        PublicBaseUrl = "https://www.rabat-process.org", FanOutBatchSize = batch,
    }));
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var process = Process.GetCurrentProcess();
    process.Refresh();
    var heapBefore = GC.GetTotalMemory(false);
    var workingSetBefore = process.WorkingSet64;
    long peakHeap = heapBefore, peakWorkingSet = workingSetBefore;
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            process.Refresh();
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
            peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
            try { await Task.Delay(20, sampling.Token); } catch (OperationCanceledException) { }
        }
    });

    var watch = Stopwatch.StartNew();
    int queued;
    await using (var db = new SubscriptionsDbContext(options))
    {
        db.Database.SetCommandTimeout(600);
        await using var transaction = await db.Database.BeginTransactionAsync();
        queued = await fanOut.EnqueueAsync(db, "news", Guid.NewGuid(),
            new Dictionary<string, NotificationText>
            {
                ["fr"] = new("Titre", "Résumé", "https://www.rabat-process.org/fr/news/titre"),
                ["en"] = new("Title", "Summary", "https://www.rabat-process.org/en/news/title"),
            },
            ["news", "trafficking"], DateTimeOffset.UtcNow, CancellationToken.None);
        await transaction.CommitAsync();
    }

    watch.Stop();
    await sampling.CancelAsync();
    await sampler;
    Console.WriteLine($"fan-out: {queued:N0} mails queued for {subscribers:N0} subscribers in {watch.Elapsed.TotalSeconds:F2} s "
        + $"({queued / watch.Elapsed.TotalSeconds:N0} rows/s, batches of {batch:N0})");
    Console.WriteLine($"managed heap: before {heapBefore / 1048576.0:F1} MiB, peak {peakHeap / 1048576.0:F1} MiB");
    Console.WriteLine($"working set: before {workingSetBefore / 1048576.0:F1} MiB, peak {peakWorkingSet / 1048576.0:F1} MiB");
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await using var admin = new NpgsqlConnection(server);
    await admin.OpenAsync();
    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
    await drop.ExecuteNonQueryAsync();
}
