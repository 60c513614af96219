using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Subscriptions.Features.Email;

/// <summary>
/// Drains <c>mail_queue</c>: claims due rows with <c>FOR UPDATE SKIP LOCKED</c> (several instances may run), renders
/// notifications for their subscriber, sends them over <see cref="MailSenderOptions.Concurrency"/> SMTP connections
/// under a token-bucket rate limit, and records every outcome.
/// </summary>
/// <remarks>
/// Several replicas: every replica sends, sharing the queue by its claims (a row is claimed by one replica at a time
/// until <c>locked_until</c>). A claim that ran out makes its rows claimable again, so a batch only starts sending while
/// half its claim is left and is recorded before the claim ends (<see cref="SendDeadline"/>); mails it could not start
/// in time are given back at once. A replica that dies mid-batch leaves its rows claimed until their claim ends
/// (<see cref="MailSenderOptions.ClaimTimeout"/>); then any replica sends them — again for a mail the SMTP server had
/// accepted but the replica had not yet recorded (at least once). The rate limit is per replica: the relay sees up to
/// N × <see cref="MailSenderOptions.MessagesPerSecond"/>.
/// </remarks>
public sealed partial class MailSender(
    IServiceScopeFactory scopes, IConfiguration configuration, IOptions<MailSenderOptions> options, TimeProvider time,
    ILogger<MailSender> logger) : BackgroundService
{
    public static readonly ActivitySource Activity = new("RabatPlatform.Subscriptions.Mail");

    /// <summary>The rounds this loop completed (tests await the next ones instead of sleeping).</summary>
    public JobRounds Rounds { get; } = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var smtp = configuration.GetConnectionString(ResourceNames.Smtp);
        if (string.IsNullOrWhiteSpace(smtp) || !Uri.TryCreate(smtp, UriKind.Absolute, out var server))
        {
            LogNoSmtp();
            return;
        }

        var settings = options.Value;
        using var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, settings.MessagesPerSecond),
            TokensPerPeriod = Math.Max(1, settings.MessagesPerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        var clients = Enumerable.Range(0, Math.Max(1, settings.Concurrency)).Select(_ => new SmtpClient()).ToArray();
        if (settings.ClaimTimeout / 2 <= TimeSpan.FromMilliseconds(clients[0].Timeout))
        {
            LogClaimShorterThanSmtpTimeout(settings.ClaimTimeout, TimeSpan.FromMilliseconds(clients[0].Timeout));
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var claimed = await ClaimAsync(settings, stoppingToken);
                    if (claimed.Count == 0)
                    {
                        Rounds.Complete();
                        await Task.Delay(settings.PollInterval, time, stoppingToken);
                        continue;
                    }

                    using var activity = Activity.StartActivity("mail.send_batch");
                    activity?.SetTag("mail.count", claimed.Count);
                    await SendBatchAsync(clients, limiter, server, claimed, stoppingToken);
                    Rounds.Complete();
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Never let one bad round stop the host; claimed rows come back after ClaimTimeout.
                    LogRoundFailed(ex);
                    Rounds.Complete();
                    await Task.Delay(settings.PollInterval, time, stoppingToken);
                }
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private async Task<List<QueuedMail>> ClaimAsync(MailSenderOptions settings, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SubscriptionsDbContext>();
        var now = time.GetUtcNow();
        var lockedUntil = now + settings.ClaimTimeout;
        return await db.MailQueue.FromSql($"""
            UPDATE mail_queue SET state = 'sending', locked_until = {lockedUntil}, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM mail_queue
                WHERE (state = 'queued' AND next_attempt_at <= {now}) OR (state = 'sending' AND locked_until < {now})
                ORDER BY next_attempt_at
                LIMIT {settings.BatchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// One claimed batch: rendered with one read of its subscribers and items, sent over the SMTP connections (kept open
    /// between batches; MailKit pipelines when the server offers PIPELINING) and recorded: the cancelled in bulk, the
    /// sent in groups while the batch goes (<see cref="RecordSentAsync"/>), failures one by one at its end.
    /// </summary>
    private async Task SendBatchAsync(
        SmtpClient[] clients, RateLimiter limiter, Uri server, List<QueuedMail> claimed, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var recorder = scope.ServiceProvider.GetRequiredService<DeliveryRecorder>();
        var ready = new List<(QueuedMail Mail, MimeMessage Message)>(claimed.Count);
        var cancelled = new List<QueuedMail>();
        foreach (var (mail, message, error) in await MailBatch.PrepareAsync(scope.ServiceProvider, claimed, cancellationToken))
        {
            if (error is not null)
            {
                await recorder.PermanentAsync(mail, null, error, bounce: false, cancellationToken);
            }
            else if (message is null)
            {
                cancelled.Add(mail);
            }
            else
            {
                ready.Add((mail, message));
            }
        }

        await recorder.CancelledAsync(cancelled, cancellationToken);
        var failures = new Exception?[ready.Count];
        var late = new QueuedMail?[ready.Count];
        var sendUntil = SendDeadline(claimed, options.Value);

        // Each mail the server accepted is recorded sent while the others go (what accumulated during one recording goes
        // in the next): a replica killed mid-batch leaves only the mails of that moment to be sent again by whoever claims
        // the batch after it, not every mail the batch had sent.
        var accepted = Channel.CreateUnbounded<QueuedMail>(new UnboundedChannelOptions { SingleReader = true });
        var recording = RecordSentAsync(recorder, accepted.Reader);

        // Waiting for the rate limit ends at the deadline too: the batch is then recorded, not held up by mails it skips.
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        sending.CancelAfter(TimeSpan.FromTicks(Math.Max(0, (sendUntil - time.GetUtcNow()).Ticks)));
        var next = -1;
        await Task.WhenAll(clients.Select(async client =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < ready.Count)
            {
                RateLimitLease lease;
                try
                {
                    lease = await limiter.AcquireAsync(1, sending.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    late[i] = ready[i].Mail; // its claim is running short: left to the next claim, never sent twice
                    continue;
                }

                using var acquired = lease;
                if (time.GetUtcNow() >= sendUntil)
                {
                    late[i] = ready[i].Mail;
                    continue;
                }

                try
                {
                    if (!client.IsConnected)
                    {
                        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None, cancellationToken);
                    }

                    await client.SendAsync(ready[i].Message, cancellationToken);
                    accepted.Writer.TryWrite(ready[i].Mail);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    if (ex is not SmtpCommandException)
                    {
                        await DisconnectQuietlyAsync(client);
                    }

                    failures[i] = ex;
                }
            }
        }));

        accepted.Writer.Complete();
        await recording;
        var released = late.OfType<QueuedMail>().ToList();
        if (released.Count > 0)
        {
            LogClaimRanShort(released.Count);
            await recorder.ReleaseAsync(released, cancellationToken);
        }

        for (var i = 0; i < ready.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                await recorder.FailedAsync(ready[i].Mail, failure, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Records the accepted mails as they come, in groups of what arrived while the previous group was written (one
    /// UPDATE and one insert of log rows each). Recorded even when the host is stopping: these messages left.
    /// </summary>
    private static async Task RecordSentAsync(DeliveryRecorder recorder, ChannelReader<QueuedMail> accepted)
    {
        var group = new List<QueuedMail>();
        while (await accepted.WaitToReadAsync(CancellationToken.None))
        {
            while (accepted.TryRead(out var mail))
            {
                group.Add(mail);
            }

            await recorder.SentAsync(group, CancellationToken.None);
            group.Clear();
        }
    }

    /// <summary>
    /// The last moment a mail of this claimed batch may start to be sent: half its claim (<see cref="MailSenderOptions.ClaimTimeout"/>)
    /// before the claim ends. A send started by then ends within the SMTP timeout (MailKit's two minutes, less than half
    /// the default claim of five), so the batch is recorded sent before its claim runs out; otherwise another replica
    /// could claim its rows again — sent, but not yet recorded — and send them a second time.
    /// </summary>
    private DateTimeOffset SendDeadline(List<QueuedMail> claimed, MailSenderOptions settings) =>
        (claimed.Min(m => m.LockedUntil) ?? time.GetUtcNow()) - (settings.ClaimTimeout / 2);

    private static async Task DisconnectQuietlyAsync(SmtpClient client)
    {
        try
        {
            await client.DisconnectAsync(true);
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // the connection is gone anyway; the next message reconnects
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No SMTP server configured (ConnectionStrings:smtp); mail stays queued")]
    private partial void LogNoSmtp();

    [LoggerMessage(Level = LogLevel.Warning, Message = "A mail round failed; retrying")]
    private partial void LogRoundFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscriptions:Mail:ClaimTimeout ({ClaimTimeout}) is less than twice the SMTP timeout ({SmtpTimeout}): a mail whose send hangs may be claimed and sent again by another replica")]
    private partial void LogClaimShorterThanSmtpTimeout(TimeSpan claimTimeout, TimeSpan smtpTimeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} mail(s) of a batch were not sent before their claim ran short (sending is slower than Subscriptions:Mail:ClaimTimeout allows); released for the next claim")]
    private partial void LogClaimRanShort(int count);
}
