using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence.Jobs;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>
/// Sends due deliveries. Rows are claimed (one claim at a time across replicas, see <see cref="ClaimLock"/>) and leased
/// (<c>locked_until</c>) so replicas share the work and a crashed attempt is retried after its lease; at most one attempt
/// per endpoint is in flight across all replicas and at most <see cref="WebhookOptions.MaxConcurrency"/> in all per
/// replica, so a slow or dead endpoint holds one slot and never delays the others. Each attempt is logged; failures are
/// rescheduled on the retry schedule (with jitter, honouring <c>Retry-After</c>); 410 Gone or failing for
/// <see cref="WebhookOptions.DisableAfter"/> disables the endpoint and publishes <see cref="WebhookEndpointDisabled"/>.
/// </summary>
public sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes,
    WebhookSender sender,
    WebhookSignal signal,
    WebhookSecretProtector secrets,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    /// <summary>The service's own activity source (ServiceDefaults exports every <c>RabatPlatform.*</c> one).</summary>
    public static readonly ActivitySource Source = new(SubscriptionsMetrics.Name);

    /// <summary>The advisory lock (<see cref="JobLease.KeyOf"/>) held by one replica's claim at a time; attempts run in parallel.</summary>
    public const string ClaimLock = "subscriptions.webhook-claims";

    private static readonly long ClaimLockKey = JobLease.KeyOf(ClaimLock);

    private readonly WebhookOptions options = options.Value;
    private DateTimeOffset nextCleanup = DateTimeOffset.MinValue;

    /// <summary>The rounds this loop completed (tests await the next ones instead of sleeping).</summary>
    public JobRounds Rounds { get; } = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Endpoints with an attempt in flight: added before the attempt starts, removed by the attempt
        // itself just before it wakes this loop, so a finished endpoint is free again at once.
        var busy = new ConcurrentDictionary<Guid, byte>();
        var attempts = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            attempts.RemoveAll(t => t.IsCompleted);
            var free = options.MaxConcurrency - busy.Count;
            if (free > 0)
            {
                try
                {
                    foreach (var (deliveryId, endpointId) in await ClaimAsync(free, [.. busy.Keys], stoppingToken))
                    {
                        busy[endpointId] = 0;
                        attempts.Add(Task.Run(() => AttemptAsync(deliveryId, endpointId, busy, stoppingToken), CancellationToken.None));
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    LogClaimFailed(ex);
                }
            }

            await CleanupAsync(stoppingToken);
            Rounds.Complete();
            await signal.WaitAsync(options.PollInterval, stoppingToken);
        }

        await Task.WhenAll(attempts);
    }

    /// <summary>
    /// Leases up to <paramref name="count"/> due deliveries, one per endpoint not busy on any replica. One round trip, a
    /// batch PostgreSQL runs as one implicit transaction: the claim lock (<see cref="ClaimLock"/>, transaction-level),
    /// then the claim, whose snapshot (taken once the lock is granted) sees the leases of the claim before it. Without
    /// the lock, two concurrent claims both saw an endpoint free and each took one of its deliveries (SKIP LOCKED).
    /// </summary>
    private async Task<List<(Guid DeliveryId, Guid EndpointId)>> ClaimAsync(int count, Guid[] busy, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SubscriptionsDbContext>();
        var now = time.GetUtcNow();
        var lease = now + options.Timeout + TimeSpan.FromSeconds(30);

        // Per endpoint, its earliest due row (LATERAL … LIMIT 1): one endpoint's backlog never starves the others.
        const string Claim = """
            UPDATE webhook_deliveries w SET locked_until = $1
            FROM (
                SELECT d.id FROM webhook_endpoints e
                CROSS JOIN LATERAL (
                    SELECT x.id, x.next_attempt_at, x.created_at FROM webhook_deliveries x
                    WHERE x.endpoint_id = e.id AND x.status = 0 AND x.next_attempt_at <= $2
                      AND (x.locked_until IS NULL OR x.locked_until <= $2)
                    ORDER BY x.next_attempt_at, x.created_at
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED) d
                WHERE NOT (e.id = ANY($3))
                  AND NOT EXISTS (
                      SELECT 1 FROM webhook_deliveries y
                      WHERE y.endpoint_id = e.id AND y.status = 0 AND y.locked_until > $2)
                ORDER BY d.next_attempt_at, d.created_at
                LIMIT $4) c
            WHERE w.id = c.id
            RETURNING w.id, w.endpoint_id
            """;

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)") { Parameters = { new NpgsqlParameter<long> { TypedValue = ClaimLockKey } } },
                    new NpgsqlBatchCommand(Claim) { Parameters = { new NpgsqlParameter<DateTimeOffset> { TypedValue = lease },
                        new NpgsqlParameter<DateTimeOffset> { TypedValue = now }, new NpgsqlParameter<Guid[]> { TypedValue = busy },
                        new NpgsqlParameter<int> { TypedValue = count } } },
                },
            };
            var claimed = new List<(Guid, Guid)>();
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken); // past the lock's one row
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add((reader.GetGuid(0), reader.GetGuid(1)));
            }

            return claimed;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task AttemptAsync(Guid deliveryId, Guid endpointId, ConcurrentDictionary<Guid, byte> busy, CancellationToken stoppingToken)
    {
        try
        {
            // The whole attempt is one trace: loading the delivery, the HTTP call, recording the outcome.
            using var activity = Source.StartActivity("webhook deliver", ActivityKind.Client);
            activity?.SetTag("rabat.webhook.delivery", deliveryId);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SubscriptionsDbContext>();
            var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, stoppingToken);
            var endpoint = delivery is null ? null
                : await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == delivery.EndpointId, stoppingToken);
            if (delivery is null || endpoint is null || delivery.Status != DeliveryStatus.Pending)
            {
                return;
            }

            if (!endpoint.Enabled)
            {
                delivery.Abandon("The endpoint is disabled.");
                await db.SaveChangesAsync(stoppingToken);
                return;
            }

            activity?.SetTag("rabat.webhook.endpoint", endpoint.Id);
            activity?.SetTag("rabat.event.type", delivery.EventType);
            activity?.SetTag("rabat.webhook.attempt", delivery.Attempts + 1);

            var attemptedAt = time.GetUtcNow();
            var result = await SendAsync(endpoint, delivery, attemptedAt, stoppingToken);
            var now = time.GetUtcNow();
            activity?.SetTag("http.response.status_code", result.StatusCode);
            SubscriptionsMetrics.WebhookAttempts.Add(1, new KeyValuePair<string, object?>("outcome", result.Success ? "success" : "failure"));
            SubscriptionsMetrics.WebhookAttemptDuration.Record(result.LatencyMs);

            var attempt = new WebhookAttempt
            {
                AttemptedAt = attemptedAt,
                StatusCode = result.StatusCode,
                Success = result.Success,
                LatencyMs = result.LatencyMs,
                Error = Truncate(result.Error ?? (result.Success ? null : $"HTTP {result.StatusCode}")),
                ResponseExcerpt = result.ResponseExcerpt,
            };

            if (result.Success)
            {
                delivery.Succeed(attempt);
                endpoint.RecordSuccess();
                await db.SaveChangesAsync(stoppingToken);
                return;
            }

            activity?.SetStatus(ActivityStatusCode.Error, attempt.Error);
            await RecordFailureAsync(db, delivery, endpoint, attempt, result.RetryAfter, now, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the lease expires and another run retries.
        }
        catch (DbUpdateException ex)
        {
            // Most likely the endpoint (and its deliveries) was deleted during the attempt.
            LogSaveFailed(deliveryId, ex.InnerException?.Message ?? ex.Message);
        }
        catch (Exception ex)
        {
            LogAttemptCrashed(ex, deliveryId);
        }
        finally
        {
            busy.TryRemove(endpointId, out _);
            signal.Set();
        }
    }

    /// <summary>One HTTP attempt, signed with the endpoint's current (and overlapping previous) secret.</summary>
    private async Task<SendResult> SendAsync(WebhookEndpoint endpoint, WebhookDelivery delivery, DateTimeOffset attemptedAt, CancellationToken stoppingToken)
    {
        try
        {
            return await sender.SendAsync(endpoint.Url, delivery.EventId, delivery.Body, endpoint.SigningSecrets(attemptedAt, secrets), stoppingToken);
        }
        catch (CryptographicException ex)
        {
            // A key missing from the configuration: nothing is sent; the attempt fails and is retried on
            // schedule, so deliveries resume once the key is back.
            LogSecretUnreadable(logger, endpoint.Id, ex.Message);
            return new SendResult(null, 0, null, $"The endpoint's signing secret cannot be decrypted: {ex.Message}", null);
        }
    }

    /// <summary>
    /// A failed attempt: 410 Gone or failing for <see cref="WebhookOptions.DisableAfter"/> disables the endpoint;
    /// otherwise the next attempt follows the retry schedule (jittered, never before <c>Retry-After</c>), or none
    /// once the schedule is exhausted (the delivery is dead-lettered as failed).
    /// </summary>
    private async Task RecordFailureAsync(
        SubscriptionsDbContext db, WebhookDelivery delivery, WebhookEndpoint endpoint, WebhookAttempt attempt, TimeSpan? retryAfterHeader,
        DateTimeOffset now, CancellationToken stoppingToken)
    {
        endpoint.RecordFailure(attempt.AttemptedAt);
        string? disableReason = null;
        if (attempt.StatusCode == StatusCodes.Status410Gone)
        {
            disableReason = "The endpoint answered 410 Gone.";
        }
        else if (now - endpoint.FailingSince >= options.DisableAfter)
        {
            disableReason = $"Every delivery failed since {endpoint.FailingSince:u} ({options.DisableAfter.TotalDays:0.#} days).";
        }

        if (disableReason is not null)
        {
            delivery.Fail(attempt, null);
            await DisableAsync(db, endpoint, disableReason, now, stoppingToken);
            return;
        }

        var schedule = options.Schedule;
        DateTimeOffset? retryAt = null;
        if (delivery.Attempts < schedule.Count)
        {
            var delay = options.Jittered(schedule[delivery.Attempts]);
            if (retryAfterHeader is { } retryAfter && retryAfter > delay)
            {
                delay = retryAfter;
            }

            retryAt = now + delay;
        }

        delivery.Fail(attempt, retryAt);
        LogAttemptFailed(delivery.Id, endpoint.Id, delivery.Attempts, attempt.Error, retryAt);
        await db.SaveChangesAsync(stoppingToken);
    }

    private async Task DisableAsync(SubscriptionsDbContext db, WebhookEndpoint endpoint, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var failingSince = endpoint.FailingSince;
        endpoint.Disable(reason, now);
        db.Publish(new WebhookEndpointDisabled(Guid.CreateVersion7(now), now, endpoint.Id, endpoint.Url, endpoint.PartnerCode, reason, failingSince));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.WebhookDeliveries
            .Where(d => d.EndpointId == endpoint.Id && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Failed)
                .SetProperty(d => d.LockedUntil, (DateTimeOffset?)null)
                .SetProperty(d => d.LastError, "The endpoint was disabled."), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogDisabled(endpoint.Id, endpoint.Url, endpoint.PartnerCode, reason);
    }

    /// <summary>Once an hour, deletes finished deliveries (and their log) older than the retention.</summary>
    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < nextCleanup)
        {
            return;
        }

        nextCleanup = now + TimeSpan.FromHours(1);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SubscriptionsDbContext>();
            var before = now - options.DeliveryRetention;
            await db.WebhookDeliveries
                .Where(d => d.Status != DeliveryStatus.Pending && d.CreatedAt < before)
                .ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogClaimFailed(ex);
        }
    }

    private static string? Truncate(string? text) =>
        text is { Length: > WebhookDelivery.MaxErrorLength } ? text[..WebhookDelivery.MaxErrorLength] : text;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming or cleaning webhook deliveries failed; retrying at the next interval")]
    private partial void LogClaimFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId}: its result was not saved ({Reason})")]
    private partial void LogSaveFailed(Guid deliveryId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery {DeliveryId} attempt crashed; it is retried when its lease ends")]
    private partial void LogAttemptCrashed(Exception ex, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} to endpoint {EndpointId} failed (attempt {Attempt}: {Error}); next attempt at {NextAttemptAt}")]
    private partial void LogAttemptFailed(Guid deliveryId, Guid endpointId, int attempt, string? error, DateTimeOffset? nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook endpoint {EndpointId}: its signing secret cannot be decrypted ({Reason}); nothing sent.")]
    private static partial void LogSecretUnreadable(ILogger logger, Guid endpointId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {EndpointId} ({Url}, partner {PartnerCode}) disabled: {Reason} The Secretariat is told (webhook.endpoint_disabled).")]
    private partial void LogDisabled(Guid endpointId, string url, string? partnerCode, string reason);
}
