using System.Diagnostics;
using System.Text.Json;
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
                    var next = -1;
                    await Task.WhenAll(clients.Select(async client =>
                    {
                        int i;
                        while ((i = Interlocked.Increment(ref next)) < claimed.Count)
                        {
                            using var lease = await limiter.AcquireAsync(1, stoppingToken);
                            await SendOneAsync(client, server, claimed[i], stoppingToken);
                        }
                    }));
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

    private async Task SendOneAsync(SmtpClient client, Uri server, QueuedMail mail, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var recorder = scope.ServiceProvider.GetRequiredService<DeliveryRecorder>();
        MimeMessage? message;
        try
        {
            message = await PrepareAsync(scope.ServiceProvider, mail, cancellationToken);
        }
        catch (Exception ex) when (ex is FormatException or ParseException or JsonException or KeyNotFoundException)
        {
            await recorder.PermanentAsync(mail, null, ex.Message, bounce: false, cancellationToken);
            return;
        }

        if (message is null)
        {
            await recorder.CancelledAsync(mail, cancellationToken);
            return;
        }

        try
        {
            if (!client.IsConnected)
            {
                await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await recorder.SentAsync(mail, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (ex is not SmtpCommandException)
            {
                await DisconnectQuietlyAsync(client);
            }

            await recorder.FailedAsync(mail, ex, cancellationToken);
        }
    }

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

    /// <summary>The message to send, or null when it no longer should go (the subscriber left, or was erased).</summary>
    private static async Task<MimeMessage?> PrepareAsync(IServiceProvider services, QueuedMail mail, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<SubscriptionsDbContext>();
        Subscriber? subscriber = null;
        if (mail.SubscriberId is { } id)
        {
            subscriber = await db.NewsletterSubscribers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
            var wanted = mail.Kind == MailKinds.Confirmation ? SubscriberStates.Pending : SubscriberStates.Confirmed;
            if (subscriber is null || subscriber.State != wanted || subscriber.Email is null)
            {
                return null;
            }
        }

        if (mail.Message is not null)
        {
            using var stream = new MemoryStream(mail.Message);
            return await MimeMessage.LoadAsync(stream, cancellationToken);
        }

        var item = await db.NotificationItems.AsNoTracking().FirstOrDefaultAsync(i => i.Key == mail.ItemKey, cancellationToken);
        if (item is null || subscriber is null)
        {
            return null;
        }

        var texts = JsonSerializer.Deserialize<Dictionary<string, NotificationText>>(item.Texts, JsonSerializerOptions.Web) ?? [];
        var fallback = !texts.TryGetValue(subscriber.Language, out var text);
        text ??= texts.GetValueOrDefault(Languages.Other(subscriber.Language));
        if (text is null)
        {
            return null;
        }

        var factory = services.GetRequiredService<MailFactory>();
        return factory.ForSubscriber(subscriber, (preferences, unsubscribe) =>
            MailTemplates.Notification(subscriber.Language, item.Kind, text, fallback, preferences, unsubscribe));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No SMTP server configured (ConnectionStrings:smtp); mail stays queued")]
    private partial void LogNoSmtp();

    [LoggerMessage(Level = LogLevel.Warning, Message = "A mail round failed; retrying")]
    private partial void LogRoundFailed(Exception exception);
}

/// <summary>Records what happened to a queued mail: state, retry time, delivery log, and bounces.</summary>
public sealed partial class DeliveryRecorder(
    SubscriptionsDbContext db, TimeProvider time, IOptions<MailSenderOptions> options, ILogger<DeliveryRecorder> logger)
{
    public async Task SentAsync(QueuedMail mail, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.MailQueue.Where(m => m.Id == mail.Id).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.State, MailStates.Sent).SetProperty(m => m.SentAt, now)
            .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null).SetProperty(m => m.LastError, (string?)null), cancellationToken);
        await LogAsync(mail, "sent", 250, null, cancellationToken);
    }

    public async Task CancelledAsync(QueuedMail mail, CancellationToken cancellationToken)
    {
        await db.MailQueue.Where(m => m.Id == mail.Id).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.State, MailStates.Cancelled).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), cancellationToken);
        await LogAsync(mail, "cancelled", null, null, cancellationToken);
    }

    /// <summary>
    /// SMTP 4xx and connection failures are temporary (retried with exponential backoff up to MaxAttempts);
    /// 5xx is permanent, and a 5xx on the recipient marks the subscriber bounced.
    /// </summary>
    public Task FailedAsync(QueuedMail mail, Exception error, CancellationToken cancellationToken)
    {
        if (error is SmtpCommandException { StatusCode: var status } smtp && (int)status >= 500)
        {
            return PermanentAsync(mail, (int)status, smtp.Message, smtp.ErrorCode == SmtpErrorCode.RecipientNotAccepted, cancellationToken);
        }

        var code = error is SmtpCommandException command ? (int)command.StatusCode : (int?)null;
        return TemporaryAsync(mail, code, error.Message, cancellationToken);
    }

    public async Task TemporaryAsync(QueuedMail mail, int? status, string detail, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        LogTemporary(mail.Id, mail.Attempts, detail);
        if (mail.Attempts >= settings.MaxAttempts)
        {
            await PermanentAsync(mail, status, $"gave up after {mail.Attempts} attempts: {detail}", bounce: false, cancellationToken);
            return;
        }

        var delay = TimeSpan.FromTicks(Math.Min(settings.MaxRetryDelay.Ticks,
            settings.FirstRetryDelay.Ticks * (1L << Math.Min(20, Math.Max(0, mail.Attempts - 1)))));
        var error = Truncate(detail);
        await db.MailQueue.Where(m => m.Id == mail.Id).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.State, MailStates.Queued).SetProperty(m => m.NextAttemptAt, now + delay)
            .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null).SetProperty(m => m.LastError, error), cancellationToken);
        await LogAsync(mail, "temporary-failure", status, detail, cancellationToken);
    }

    public async Task PermanentAsync(QueuedMail mail, int? status, string detail, bool bounce, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var error = Truncate(detail);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.MailQueue.Where(m => m.Id == mail.Id).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.State, MailStates.Failed).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
            .SetProperty(m => m.LastError, error), cancellationToken);
        if (bounce && mail.SubscriberId is { } id)
        {
            await db.NewsletterSubscribers
                .Where(s => s.Id == id && s.State != SubscriberStates.Erased)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.State, SubscriberStates.Bounced)
                    .SetProperty(s => s.BouncedAt, now).SetProperty(s => s.UpdatedAt, now), cancellationToken);
        }

        await LogAsync(mail, "permanent-failure", status, detail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task LogAsync(QueuedMail mail, string outcome, int? status, string? detail, CancellationToken cancellationToken)
    {
        db.MailDeliveryLog.Add(new DeliveryLogEntry
        {
            MailId = mail.Id, SubscriberId = mail.SubscriberId, Kind = mail.Kind, Outcome = outcome, SmtpStatus = status,
            Detail = detail is null ? null : Truncate(detail), At = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        SubscriptionsMetrics.MailDeliveries.Add(
            1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("mail.kind", mail.Kind));
    }

    private static string Truncate(string value) => value.Length > 1000 ? value[..1000] : value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MailId} failed temporarily (attempt {Attempt}): {Detail}")]
    private partial void LogTemporary(Guid mailId, int attempt, string detail);
}
