using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace RabatPlatform.WriteBench;

/// <summary>
/// Newsletter delivery against a fast SMTP sink (Postfix's smtp-sink), beside a plain SMTP load generator (smtp-source)
/// against the same sink: the ratio of the two rates is the figure. N confirmed subscribers and one notification item are
/// written straight into the running subscriptions service's database with one queued mail each (what the fan-out
/// writes); the service's MailSender delivers them. smtp-source runs before and after the service (the same message
/// size, the same number of parallel sessions, connections kept), and its mean is the reference. The service's
/// resident memory is sampled throughout. Both .NET senders (MailKit alone and the service) first send
/// <c>--warm-up</c> mails (default 5,000) that are not timed: a service that has just started compiles its sending path
/// as it goes (tiered JIT, a quarter of its CPU during a first newsletter of 30,000 here), while smtp-source is native.
/// </summary>
internal static class MailBench
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var mails = args.Int("mails", 10000);
        var sessions = args.Int("sessions", 4);
        var size = args.Int("size", 0);
        var warmUp = args.Int("warm-up", 5000);
        var smtp = args.Required("smtp");
        var pid = args.Int("service-pid", 0);
        var figures = new Figures(args.String("command", "bench/mail.sh"));
        var database = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("RABAT_BENCH_POSTGRES"))
        {
            Database = "subscriptionsdb", CommandTimeout = 600,
        }.ConnectionString;

        var messageBytes = size > 0 ? size : 4096;
        Console.Error.WriteLine($"==> smtp-source: {mails} messages of {messageBytes} bytes over {sessions} sessions");
        var sourceBefore = await SmtpSourceAsync(smtp, mails, sessions, messageBytes);
        Console.Error.WriteLine($"==> MailKit (the service's SMTP client) alone: one message built once, sent {mails} times over {sessions} connections");
        if (warmUp > 0)
        {
            await MailKitCeilingAsync(smtp, warmUp, sessions, messageBytes);
        }

        var mailKit = await MailKitCeilingAsync(smtp, mails, sessions, messageBytes);
        if (warmUp > 0)
        {
            Console.Error.WriteLine($"==> warm-up: the subscriptions service delivers {warmUp} mails (not timed)");
            await QueueAsync(database, warmUp, "warm");
            await WaitSentAsync(database, warmUp, TimeSpan.FromMinutes(10));
            await ScalarAsync(database, "WITH d AS (DELETE FROM mail_queue RETURNING 1) SELECT count(*) FROM d");
        }

        Console.Error.WriteLine($"==> the subscriptions service delivers {mails} newsletter mails");
        var rssStart = Rss(pid);
        long rssPeak = rssStart;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                rssPeak = Math.Max(rssPeak, Rss(pid));
                try
                {
                    await Task.Delay(100, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
        var queuedAt = await QueueAsync(database, mails, "bench");
        var load = "";
        var deadline = Stopwatch.StartNew();
        long sent = 0;
        while (deadline.Elapsed < TimeSpan.FromMinutes(60))
        {
            sent = await ScalarAsync(database, "SELECT count(*) FROM mail_queue WHERE state = 'sent'");
            if (sent >= mails)
            {
                break;
            }

            if (sent > mails / 2 && load.Length == 0)
            {
                load = Figures.Load();
            }

            await Task.Delay(200);
        }

        var endToEnd = deadline.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        var rssEnd = Rss(pid);
        var (first, last) = await SpanAsync(database);
        var steady = (mails - 1) / Math.Max(0.001, (last - first).TotalSeconds);
        var failed = await ScalarAsync(database, "SELECT count(*) FROM mail_queue WHERE state <> 'sent'");

        Console.Error.WriteLine("==> smtp-source again");
        var sourceAfter = await SmtpSourceAsync(smtp, mails, sessions, messageBytes);
        var source = (sourceBefore + sourceAfter) / 2;
        var ratio = steady / source;

        Console.WriteLine($"mail delivery: {mails} mails, {sessions} SMTP connections, smtp-sink; load {(load.Length > 0 ? load : Figures.Load())}");
        Console.WriteLine("| figure | value | target |");
        Console.WriteLine("| --- | ---: | --- |");
        Console.WriteLine($"| service: delivered | {sent} of {mails} (not sent: {failed}) | all |");
        Console.WriteLine($"| service: steady rate (first to last sent_at) | {steady:0} mails/s | |");
        Console.WriteLine($"| service: from queued to all sent | {endToEnd:0.0} s ({mails / endToEnd:0} mails/s) | |");
        Console.WriteLine($"| smtp-source, same sink ({messageBytes} B, {sessions} sessions): before / after / mean | {sourceBefore:0} / {sourceAfter:0} / {source:0} mails/s | |");
        Console.WriteLine($"| MailKit alone, same sink (one message built once, {sessions} connections) | {mailKit:0} mails/s | |");
        Console.WriteLine($"| ratio service / smtp-source | {ratio:P0} | >= 50 % |");
        Console.WriteLine($"| ratio service / MailKit alone | {steady / mailKit:P0} | |");
        Console.WriteLine($"| service RSS: before / peak / after | {Mib(rssStart)} / {Mib(rssPeak)} / {Mib(rssEnd)} MiB | flat |");
        _ = queuedAt;

        figures.Add("mail delivery: rate", steady, "mails/s", "", true, source, "smtp-source against the same smtp-sink (mails/s)");
        figures.Add("mail delivery: ratio to smtp-source", ratio * 100, "%", ">= 50", ratio >= 0.5,
            100 * mailKit / source, "MailKit alone / smtp-source (%): the .NET SMTP client's own ceiling, same sink, same run");
        figures.Add("mail delivery: MailKit alone (one message built once)", mailKit, "mails/s", "", true, source, "smtp-source against the same smtp-sink (mails/s)");
        figures.Add($"mail delivery: service RSS peak at {mails} subscribers", rssPeak / 1048576.0, "MiB", "flat", true, rssStart / 1048576.0, "RSS before delivery (MiB)");
        return sent >= mails ? 0 : 1;
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0", CultureInfo.InvariantCulture);

    private static long Rss(int pid)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/status"))
        {
            return 0;
        }

        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>
    /// The ceiling of the SMTP client the service uses (MailKit): one message of <paramref name="size"/> bytes built once,
    /// sent <paramref name="mails"/> times over <paramref name="sessions"/> kept connections to the same sink, nothing else
    /// (no database, no rendering). The service's delivery cannot be faster than this on the same cores.
    /// </summary>
    private static async Task<double> MailKitCeilingAsync(string smtp, int mails, int sessions, int size)
    {
        var target = new Uri(smtp);
        var clients = new List<MailKit.Net.Smtp.SmtpClient>();
        var messages = new List<MimeKit.MimeMessage>();
        try
        {
            for (var i = 0; i < sessions; i++)
            {
                var client = new MailKit.Net.Smtp.SmtpClient();
                await client.ConnectAsync(target.Host, target.Port, MailKit.Security.SecureSocketOptions.None);
                clients.Add(client);
                messages.Add(Message(size)); // one message per connection: MimeKit prepares a message as it sends it
            }

            await clients[0].SendAsync(messages[0]); // warm-up (JIT)
            var next = 0;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(async (client, i) =>
            {
                while (Interlocked.Increment(ref next) <= mails)
                {
                    await client.SendAsync(messages[i]);
                }
            }));
            return mails / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisconnectAsync(quit: true);
                client.Dispose();
            }
        }
    }

    /// <summary>A plain-text message of about <paramref name="size"/> bytes in lines of 76 characters.</summary>
    private static MimeKit.MimeMessage Message(int size)
    {
        var message = new MimeKit.MimeMessage();
        message.From.Add(new MimeKit.MailboxAddress("Rabat Process", "newsletter@rabat-process.org"));
        message.To.Add(new MimeKit.MailboxAddress("", "delegate@example.org"));
        message.Subject = "Bulletin";
        var line = new string('x', 76) + "\r\n";
        message.Body = new MimeKit.TextPart("plain") { Text = string.Concat(Enumerable.Repeat(line, Math.Max(1, (size - 300) / line.Length))) };
        return message;
    }

    /// <summary>smtp-source's rate (messages per second): -d keeps each session's connection, as the service does.</summary>
    private static async Task<double> SmtpSourceAsync(string smtp, int mails, int sessions, int size)
    {
        var target = new Uri(smtp);
        var start = new ProcessStartInfo("smtp-source")
        {
            ArgumentList =
            {
                "-d", "-s", sessions.ToString(CultureInfo.InvariantCulture), "-m", mails.ToString(CultureInfo.InvariantCulture),
                "-l", size.ToString(CultureInfo.InvariantCulture), "-f", "newsletter@rabat-process.org", "-t", "delegate@example.org",
                "-S", "Bulletin", $"{target.Host}:{target.Port}",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        watch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"smtp-source failed: {await stderr}");
        }

        return mails / watch.Elapsed.TotalSeconds;
    }

    private static async Task WaitSentAsync(string database, int mails, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (await ScalarAsync(database, "SELECT count(*) FROM mail_queue WHERE state = 'sent'") < mails && watch.Elapsed < timeout)
        {
            await Task.Delay(200);
        }
    }

    private static async Task<DateTimeOffset> QueueAsync(string database, int mails, string prefix)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var key = $"news:{Guid.NewGuid()}";
        await using (var item = new NpgsqlCommand("""
            INSERT INTO notification_items (key, kind, topics, texts, created_at)
            VALUES ($1, 'news', ARRAY['news'], $2::jsonb, now())
            """, connection, transaction))
        {
            item.Parameters.AddWithValue(key);
            item.Parameters.AddWithValue("""
                {"fr":{"title":"Réunion thématique sur la gestion des frontières","summary":"Les partenaires du Processus de Rabat se sont réunis à Madrid pour faire le point sur la coopération.","url":"https://www.rabat-process.org/fr/news/reunion"},
                 "en":{"title":"Thematic meeting on border management","summary":"The partners of the Rabat Process met in Madrid to take stock of their cooperation.","url":"https://www.rabat-process.org/en/news/meeting"}}
                """);
            await item.ExecuteNonQueryAsync();
        }

        await using (var seed = new NpgsqlCommand("""
            WITH s AS (
                INSERT INTO newsletter_subscribers (id, email, email_hash, language, topics, state, stamp, created_at, updated_at)
                SELECT gen_random_uuid(), $3 || g || '@example.org', md5($3 || g::text) || md5((g + 1)::text),
                       CASE WHEN g % 3 = 0 THEN 'en' ELSE 'fr' END, ARRAY['news'], 'confirmed', md5(g::text), now(), now()
                FROM generate_series(1, $1) g
                RETURNING id)
            INSERT INTO mail_queue (id, kind, subscriber_id, item_key, state, attempts, next_attempt_at, created_at)
            SELECT gen_random_uuid(), 'notification', s.id, $2, 'queued', 0, now(), now() FROM s
            """, connection, transaction))
        {
            seed.Parameters.AddWithValue(mails);
            seed.Parameters.AddWithValue(key);
            seed.Parameters.AddWithValue(prefix);
            await seed.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return DateTimeOffset.UtcNow;
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<(DateTimeOffset First, DateTimeOffset Last)> SpanAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT min(sent_at), max(sent_at) FROM mail_queue WHERE state = 'sent'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1));
    }
}
