using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>One request a <see cref="WebhookReceiver"/> got.</summary>
public sealed record ReceivedWebhook(string Path, string ContentType, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Id => Headers["webhook-id"];

    public string Timestamp => Headers["webhook-timestamp"];

    public string Signature => Headers["webhook-signature"];

    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    /// <summary>
    /// The Standard Webhooks verification, written here independently of the service: the key is the
    /// base64-decoded part of the secret after <c>whsec_</c>; the signed content is <c>{id}.{timestamp}.{body}</c>;
    /// the header holds space-separated <c>v1,&lt;base64 HMAC-SHA256&gt;</c> signatures, any of which may match.
    /// </summary>
    public bool VerifiesWith(string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = new HMACSHA256(key).ComputeHash(Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.{Body}"));
        foreach (var signature in Signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = signature.Split(',', 2);
            if (parts is ["v1", var value] && CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(value), expected))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>An answer a <see cref="WebhookReceiver"/> gives.</summary>
public sealed record WebhookReply(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1) standing in for a partner system. It listens on a port of
/// the range <see cref="FirstPort"/>–<see cref="LastPort"/>, the only loopback targets the subscriptions
/// service's test configuration allows (<c>Webhooks:AllowedTargets</c>); every other private address stays refused.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const int FirstPort = 19400;
    public const int LastPort = 19499;

    private static int next = Random.Shared.Next(FirstPort, LastPort + 1);
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private WebApplication app = null!;

    private WebhookReceiver()
    {
    }

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>How the receiver answers each request (204 by default); may wait (a slow endpoint).</summary>
    public Func<ReceivedWebhook, Task<WebhookReply>> Reply { get; set; } = _ => Task.FromResult(new WebhookReply(204));

    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        for (var i = 0; i <= LastPort - FirstPort; i++)
        {
            var port = FirstPort + (Interlocked.Increment(ref next) % (LastPort - FirstPort + 1));
            var receiver = new WebhookReceiver { Port = port };
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            receiver.app = builder.Build();
            receiver.app.Run(receiver.HandleAsync);
            try
            {
                await receiver.app.StartAsync();
                return receiver;
            }
            catch (IOException)
            {
                await receiver.app.DisposeAsync();
            }
        }

        throw new InvalidOperationException($"No free port in {FirstPort}-{LastPort} for a webhook receiver.");
    }

    public void ReplyWith(int status, IReadOnlyDictionary<string, string>? headers = null, string? body = null) =>
        Reply = _ => Task.FromResult(new WebhookReply(status, body, headers));

    /// <summary>Waits until at least <paramref name="count"/> requests arrived; returns them all.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, string because, TimeSpan? timeout = null)
    {
        await TestApi.WaitUntilAsync(() => Task.FromResult(received.Count >= count), timeout ?? TimeSpan.FromSeconds(20), because);
        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var request = new ReceivedWebhook(context.Request.Path, context.Request.ContentType ?? "", headers, body);
        received.Enqueue(request);
        var reply = await Reply(request);
        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (reply.Body is not null)
        {
            await context.Response.WriteAsync(reply.Body);
        }
    }
}
