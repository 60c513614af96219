using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RabatPlatform.Contracts;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>The CloudEvent body of a delivery and its Standard Webhooks signature.</summary>
public static class WebhookMessage
{
    public const string ContentType = "application/cloudevents+json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A structured-mode CloudEvent 1.0 (JSON) carrying the event as <c>data</c>.</summary>
    public static string Body(IIntegrationEvent message, string source)
    {
        var type = message.GetType();
        var eventType = EventTypes.NameOf(type);
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = message.EventId.ToString(),
            ["source"] = source,
            ["type"] = WebhookCatalogue.CloudEventsType(eventType),
            ["time"] = message.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["subject"] = WebhookCatalogue.Subject(eventType, message),
            ["datacontenttype"] = "application/json",
            ["data"] = JsonSerializer.SerializeToNode(message, type, Json),
        };
        if (cloudEvent["subject"] is null)
        {
            cloudEvent.Remove("subject");
        }

        return cloudEvent.ToJsonString();
    }

    /// <summary>
    /// <c>v1,</c> + base64(HMAC-SHA256(key, <c>{id}.{timestamp}.{body}</c>)) per secret, space-separated;
    /// the key is the base64-decoded part of the secret after <c>whsec_</c>.
    /// </summary>
    public static string Signature(IEnumerable<string> secrets, string webhookId, long timestamp, string body)
    {
        var content = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}");
        return string.Join(' ', secrets.Select(secret =>
        {
            var key = Convert.FromBase64String(secret.StartsWith(WebhookEndpoint.SecretPrefix, StringComparison.Ordinal)
                ? secret[WebhookEndpoint.SecretPrefix.Length..]
                : secret);
            return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
        }));
    }
}
