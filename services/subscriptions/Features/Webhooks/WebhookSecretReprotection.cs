using Microsoft.EntityFrameworkCore;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>
/// At start, encrypts the signing secrets stored before encryption at rest, and re-encrypts those under a
/// key that is no longer the active one (see <see cref="WebhookSecretProtector"/>). Runs once; an endpoint
/// whose secret cannot be decrypted (its key is missing) is left as it is and logged.
/// </summary>
public sealed partial class WebhookSecretReprotection(
    IServiceScopeFactory scopes, WebhookSecretProtector secrets, ILogger<WebhookSecretReprotection> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SubscriptionsDbContext>();
            var prefix = secrets.ActivePrefix;
            var stale = await db.WebhookEndpoints
                .Where(e => !e.Secret.StartsWith(prefix) || (e.PreviousSecret != null && !e.PreviousSecret.StartsWith(prefix)))
                .ToListAsync(stoppingToken);
            var changed = 0;
            foreach (var endpoint in stale)
            {
                try
                {
                    changed += endpoint.Reprotect(secrets) ? 1 : 0;
                }
                catch (System.Security.Cryptography.CryptographicException ex)
                {
                    LogUnreadable(logger, endpoint.Id, ex.Message);
                }
            }

            await db.SaveChangesAsync(stoppingToken);
            if (changed > 0)
            {
                LogReprotected(logger, changed, secrets.ActiveKeyId);
            }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook secrets of {Count} endpoint(s) encrypted with key {KeyId}.")]
    private static partial void LogReprotected(ILogger logger, int count, string keyId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook endpoint {EndpointId}: its stored secret cannot be decrypted ({Reason}); left as it is.")]
    private static partial void LogUnreadable(ILogger logger, Guid endpointId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook secrets could not be re-encrypted at start; they are read as they are.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
