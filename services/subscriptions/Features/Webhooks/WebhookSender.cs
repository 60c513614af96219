using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>The outcome of one HTTP attempt.</summary>
public sealed record SendResult(int? StatusCode, int LatencyMs, string? ResponseExcerpt, string? Error, TimeSpan? RetryAfter)
{
    public bool Success => StatusCode is >= 200 and < 300;
}

/// <summary>
/// Sends one signed delivery. Its own HTTP client (not the platform's resilient default, which would
/// retry): no proxy, no redirects followed, no cookies, and the SSRF check at connect time.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient client;
    private readonly WebhookOptions options;
    private readonly TimeProvider time;

    public WebhookSender(WebhookTargetPolicy policy, IOptions<WebhookOptions> options, TimeProvider time)
    {
        this.options = options.Value;
        this.time = time;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = this.options.Timeout,
            ConnectCallback = policy.ConnectAsync,
            MaxResponseHeadersLength = 64,
        };
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("RabatPlatform-Webhooks", "1.0"));
    }

    public async Task<SendResult> SendAsync(
        string url, Guid webhookId, string body, IReadOnlyList<string> secrets, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, WebhookMessage.ContentType),
        };
        var id = webhookId.ToString();
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookMessage.Signature(secrets, id, timestamp, body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var excerpt = await ReadExcerptAsync(response, timeout.Token);
            var status = (int)response.StatusCode;
            return new SendResult(status, Elapsed(watch), excerpt, null, RetryAfter(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult(null, Elapsed(watch), null, $"Timed out after {options.Timeout.TotalSeconds:0.#} s", null);
        }
        catch (HttpRequestException ex)
        {
            var refused = FindRefusal(ex);
            return new SendResult(null, Elapsed(watch), null, refused is null ? ex.Message : $"Refused: {refused.Message}", null);
        }
    }

    public void Dispose() => client.Dispose();

    private static WebhookTargetRefusedException? FindRefusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is WebhookTargetRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private static int Elapsed(Stopwatch watch) => (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds);

    private static async Task<string?> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[WebhookAttempt.MaxExcerptBytes];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            if (read == 0)
            {
                return null;
            }

            // Cut at a character boundary: drop a trailing partial UTF-8 sequence.
            var text = new UTF8Encoding(false, false).GetString(buffer, 0, read).TrimEnd('\uFFFD');
            return text.Replace("\0", "", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return null;
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            || response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - time.GetUtcNow() : null);
        if (delay is null)
        {
            return null;
        }

        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > options.MaxRetryAfter ? options.MaxRetryAfter : delay;
    }
}
