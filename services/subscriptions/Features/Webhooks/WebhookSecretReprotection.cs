using Microsoft.EntityFrameworkCore;
using RabatPlatform.Persistence.Jobs;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>
/// At start, encrypts the signing secrets stored before encryption at rest, and re-encrypts those under a
/// key that is no longer the active one (see <see cref="WebhookSecretProtector"/>). Runs once; an endpoint
/// whose secret cannot be decrypted (its key is missing) is left as it is and logged.
/// </summary>
/// <remarks>
/// Several replicas start together (a release, a key rotation): the pass runs on one of them at a time, under the job
/// lease <see cref="JobName"/>; a replica that finds it taken leaves the work to the one holding it (which has read the
/// same endpoints). Each endpoint is written only if its stored secrets are still those the pass read
/// (<see cref="ReprotectAsync"/>), so a secret rotated through the API meanwhile, or re-encrypted by an overlapping pass,
/// is never overwritten with an older one.
/// </remarks>
public sealed partial class WebhookSecretReprotection(
    IServiceScopeFactory scopes, WebhookSecretProtector secrets, ILogger<WebhookSecretReprotection> logger) : BackgroundService
{
    /// <summary>The job lease of the pass (one replica at a time).</summary>
    public const string JobName = "subscriptions.webhook-secret-reprotection";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await JobLease.RunAloneAsync<SubscriptionsDbContext>(scopes, JobName, ReprotectAsync, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            // The database may not be there yet; the next start tries again, and old values keep working meanwhile.
            LogFailed(logger, ex);
        }
    }

    /// <summary>One pass (without the lease); returns the endpoints it re-encrypted.</summary>
    public async Task<int> ReprotectAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SubscriptionsDbContext>();
        var prefix = secrets.ActivePrefix;
        var stale = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => !e.Secret.StartsWith(prefix) || (e.PreviousSecret != null && !e.PreviousSecret.StartsWith(prefix)))
            .ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var endpoint in stale)
        {
            var (secret, previous) = (endpoint.Secret, endpoint.PreviousSecret);
            try
            {
                if (!endpoint.Reprotect(secrets))
                {
                    continue;
                }
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                LogUnreadable(logger, endpoint.Id, ex.Message);
                continue;
            }

            // Only over the values read: a rotation or another pass since then wins (its values are current).
            changed += await db.WebhookEndpoints
                .Where(e => e.Id == endpoint.Id && e.Secret == secret && e.PreviousSecret == previous)
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.Secret, endpoint.Secret).SetProperty(e => e.PreviousSecret, endpoint.PreviousSecret),
                    cancellationToken);
        }

        if (changed > 0)
        {
            LogReprotected(logger, changed, secrets.ActiveKeyId);
        }

        return changed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook secrets of {Count} endpoint(s) encrypted with key {KeyId}.")]
    private static partial void LogReprotected(ILogger logger, int count, string keyId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook endpoint {EndpointId}: its stored secret cannot be decrypted ({Reason}); left as it is.")]
    private static partial void LogUnreadable(ILogger logger, Guid endpointId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook secrets could not be re-encrypted at start; they are read as they are.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
