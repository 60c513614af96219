using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Subscriptions.Features.Email;

/// <summary>Records what happened to a queued mail: state, retry time, delivery log, and bounces.</summary>
public sealed partial class DeliveryRecorder(
    SubscriptionsDbContext db, TimeProvider time, IOptions<MailSenderOptions> options, ILogger<DeliveryRecorder> logger)
{
    /// <summary>Records mails the SMTP server accepted: one UPDATE and one batch of log rows for all of them.</summary>
    public async Task SentAsync(IReadOnlyList<QueuedMail> mails, CancellationToken cancellationToken)
    {
        if (mails.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var ids = mails.Select(m => m.Id).ToList();
        await db.MailQueue.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.State, MailStates.Sent).SetProperty(m => m.SentAt, now)
            .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null).SetProperty(m => m.LastError, (string?)null), cancellationToken);
        await LogAsync(mails, "sent", 250, null, cancellationToken);
    }

    /// <summary>
    /// Gives back mails claimed but not tried (their claim ran short): queued again at once for any replica, the claim's
    /// attempt not counted. Only rows still under this claim (state and lease as claimed) are touched.
    /// </summary>
    public async Task ReleaseAsync(IReadOnlyList<QueuedMail> mails, CancellationToken cancellationToken)
    {
        foreach (var claim in mails.GroupBy(m => m.LockedUntil))
        {
            var ids = claim.Select(m => m.Id).ToList();
            await db.MailQueue.Where(m => ids.Contains(m.Id) && m.State == MailStates.Sending && m.LockedUntil == claim.Key).ExecuteUpdateAsync(u => u
                .SetProperty(m => m.State, MailStates.Queued).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
                .SetProperty(m => m.Attempts, m => m.Attempts - 1), cancellationToken);
        }
    }

    /// <summary>Records mails that should no longer go (the subscriber left or was erased), all at once.</summary>
    public async Task CancelledAsync(IReadOnlyList<QueuedMail> mails, CancellationToken cancellationToken)
    {
        if (mails.Count == 0)
        {
            return;
        }

        var ids = mails.Select(m => m.Id).ToList();
        await db.MailQueue.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.State, MailStates.Cancelled).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), cancellationToken);
        await LogAsync(mails, "cancelled", null, null, cancellationToken);
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
        await LogAsync([mail], "temporary-failure", status, detail, cancellationToken);
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

        await LogAsync([mail], "permanent-failure", status, detail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// One log row per mail in one statement (the mails' ids, subscribers and kinds as arrays): no change tracking for
    /// what is only appended, in the current transaction when there is one.
    /// </summary>
    private async Task LogAsync(IReadOnlyList<QueuedMail> mails, string outcome, int? status, string? detail, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var ids = mails.Select(m => m.Id).ToArray();
        var subscribers = mails.Select(m => m.SubscriberId).ToArray();
        var kinds = mails.Select(m => m.Kind).ToArray();
        var text = detail is null ? null : Truncate(detail);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO mail_delivery_log (mail_id, subscriber_id, kind, outcome, smtp_status, detail, "at")
            SELECT m.id, m.subscriber, m.kind, {outcome}::text, {status}::integer, {text}::text, {at}
            FROM unnest({ids}, {subscribers}, {kinds}) AS m(id, subscriber, kind)
            """, cancellationToken);
        foreach (var kind in mails.GroupBy(m => m.Kind))
        {
            SubscriptionsMetrics.MailDeliveries.Add(
                kind.Count(), new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("mail.kind", kind.Key));
        }
    }

    private static string Truncate(string value) => value.Length > 1000 ? value[..1000] : value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MailId} failed temporarily (attempt {Attempt}): {Detail}")]
    private partial void LogTemporary(Guid mailId, int attempt, string detail);
}
