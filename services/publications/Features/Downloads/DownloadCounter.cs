using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Publications.Data;
using Microsoft.Net.Http.Headers;
using RabatPlatform.Publications.Features.Publications;

namespace RabatPlatform.Publications.Features.Downloads;

/// <summary>
/// Counts downloads honestly and cheaply: robots (by user agent) and repeat hits by the same client
/// (IP + user agent) on the same file within the repeat window are not counted; counts accumulate in
/// memory and <see cref="FlushAsync"/> writes them in one statement per batch.
/// </summary>
public sealed partial class DownloadCounter(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<PublicationsOptions> options, ILogger<DownloadCounter> logger)
{
    /// <summary>Substrings (lower case) of the user agents of crawlers, link checkers and scripts.</summary>
    private static readonly string[] RobotMarkers =
    [
        "bot", "crawl", "spider", "slurp", "mediapartners", "facebookexternalhit", "embedly", "preview", "scrapy",
        "curl/", "wget/", "python-requests", "python-urllib", "httpclient", "java/", "go-http-client", "libwww",
        "okhttp", "axios/", "node-fetch", "headless", "phantomjs", "lighthouse", "pingdom", "uptime", "monitor",
        "archive.org", "ia_archiver", "feedfetcher", "yandex", "baiduspider", "bingpreview", "semrush", "ahrefs",
        "mj12", "dotbot", "petalbot", "applebot", "duckduckgo", "sogou", "exabot", "seznam", "zgrab", "masscan",
    ];

    private static readonly ActivitySource Activity = new("RabatPlatform.Publications");

    private readonly ConcurrentDictionary<Guid, long> pending = new();
    private readonly ConcurrentDictionary<(Guid File, string Client), DateTimeOffset> lastCounted = new();
    private readonly SemaphoreSlim flushing = new(1, 1);

    /// <summary>Counts not yet written (for tests and the docs' figures).</summary>
    public long Pending => pending.Values.Sum();

    public static bool IsRobot(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return true; // browsers always send one
        }

        var ua = userAgent.ToLowerInvariant();
        return RobotMarkers.Any(marker => ua.Contains(marker, StringComparison.Ordinal));
    }

    /// <summary>Records a download; true when it counts.</summary>
    public bool Record(Guid fileId, string? clientIp, string? userAgent)
    {
        if (IsRobot(userAgent))
        {
            return false;
        }

        var client = ClientKey(clientIp, userAgent!);
        var now = time.GetUtcNow();
        var window = options.Value.Downloads.RepeatWindow;
        var counted = false;
        lastCounted.AddOrUpdate((fileId, client),
            _ =>
            {
                counted = true;
                return now;
            },
            (_, previous) =>
            {
                if (now - previous < window)
                {
                    counted = false;
                    return previous;
                }

                counted = true;
                return now;
            });
        if (counted)
        {
            pending.AddOrUpdate(fileId, 1, (_, n) => n + 1);
        }

        return counted;
    }

    /// <summary>
    /// Records the download a GET request makes when the answer carries the file from its first byte: not a
    /// 304 (<paramref name="etag"/> matched), not the continuation of a resumed download (a range not starting at 0).
    /// </summary>
    public bool Record(HttpContext http, Guid fileId, EntityTagHeaderValue etag) =>
        HttpMethods.IsGet(http.Request.Method) && WillSendBytesFromStart(http.Request, etag)
        && Record(fileId, ClientIp(http), http.Request.Headers.UserAgent.ToString());

    private static bool WillSendBytesFromStart(HttpRequest request, EntityTagHeaderValue etag)
    {
        var headers = request.GetTypedHeaders();
        if (headers.IfNoneMatch is { Count: > 0 } ifNoneMatch && ifNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false)))
        {
            return false;
        }

        return headers.Range is not { Ranges.Count: > 0 } range || range.Ranges.First().From == 0;
    }

    /// <summary>The client as the gateway saw it (<c>X-Forwarded-For</c>), else the connection's address.</summary>
    private static string? ClientIp(HttpContext http)
    {
        var forwarded = http.Request.Headers["X-Forwarded-For"].ToString();
        if (!string.IsNullOrWhiteSpace(forwarded))
        {
            return forwarded.Split(',')[0].Trim();
        }

        return http.Connection.RemoteIpAddress?.ToString();
    }

    /// <summary>Writes every pending count in one statement; on failure the counts go back to pending.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        await flushing.WaitAsync(cancellationToken);
        try
        {
            Prune();
            var batch = new Dictionary<Guid, long>();
            foreach (var fileId in pending.Keys)
            {
                if (pending.TryRemove(fileId, out var n) && n > 0)
                {
                    batch[fileId] = n;
                }
            }

            if (batch.Count == 0)
            {
                return 0;
            }

            // Only a flush that writes something is traced: an idle timer tick makes no trace.
            using var activity = Activity.StartActivity("downloads flush");
            activity?.SetTag("rabat.downloads.files", batch.Count);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PublicationsDbContext>();
                var ids = batch.Keys.ToArray();
                var counts = batch.Values.ToArray();
                await db.Database.ExecuteSqlAsync(
                    $"""
                    UPDATE publication_files AS f SET downloads = f.downloads + v.n
                    FROM unnest({ids}, {counts}) AS v(id, n) WHERE f.id = v.id
                    """,
                    cancellationToken);
                LogFlushed(batch.Count, counts.Sum());
                return batch.Count;
            }
            catch
            {
                foreach (var (fileId, n) in batch)
                {
                    pending.AddOrUpdate(fileId, n, (_, m) => m + n);
                }

                throw;
            }
        }
        finally
        {
            flushing.Release();
        }
    }

    /// <summary>Forgets clients whose window has passed (memory stays bounded by the recent traffic).</summary>
    private void Prune()
    {
        var cutoff = time.GetUtcNow() - options.Value.Downloads.RepeatWindow;
        foreach (var (key, at) in lastCounted)
        {
            if (at < cutoff)
            {
                lastCounted.TryRemove(new KeyValuePair<(Guid, string), DateTimeOffset>(key, at));
            }
        }
    }

    private static string ClientKey(string? ip, string userAgent) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{ip}\n{userAgent}")), 0, 16);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote {Downloads} download(s) for {Files} file(s)")]
    private partial void LogFlushed(int files, long downloads);
}
