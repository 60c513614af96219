using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Features.Webhooks;

namespace RabatPlatform.Subscriptions.Features.AsyncApi;

/// <summary>
/// An AsyncAPI 3.0.0 document of the platform's events: every event type as a RabbitMQ fanout exchange
/// of the same name (a channel partners may bind their own queue to), and the webhook deliveries
/// (CloudEvents over HTTP POST, Standard Webhooks headers) of every catalogue type.
/// </summary>
public static class AsyncApiDocument
{
    public static JsonObject Build(WebhookOptions options)
    {
        var channels = new JsonObject();
        var operations = new JsonObject();
        var messages = new JsonObject();
        var schemas = new JsonObject();

        foreach (var (name, type) in EventTypes.All.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var id = Id(name);
            schemas[type.Name] = WebhookCatalogue.Schema(type);
            messages[type.Name] = new JsonObject
            {
                ["name"] = name,
                ["title"] = type.Name,
                ["summary"] = WebhookCatalogue.Describe(name, Languages.English),
                ["contentType"] = "application/json",
                ["payload"] = Ref($"#/components/schemas/{type.Name}"),
                ["bindings"] = new JsonObject
                {
                    ["amqp"] = new JsonObject { ["contentEncoding"] = "utf-8", ["messageType"] = name, ["bindingVersion"] = "0.3.0" },
                },
            };
            channels[id] = new JsonObject
            {
                ["address"] = name,
                ["title"] = $"Exchange {name}",
                ["description"] = "A durable fanout exchange named by the event type; bind a queue of your own to receive every event. "
                    + "Messages are MassTransit envelopes (application/vnd.masstransit+json) whose 'message' property is the payload.",
                ["servers"] = new JsonArray(Ref("#/servers/rabbitmq")),
                ["messages"] = new JsonObject { [type.Name] = Ref($"#/components/messages/{type.Name}") },
                ["bindings"] = new JsonObject
                {
                    ["amqp"] = new JsonObject
                    {
                        ["is"] = "routingKey",
                        ["exchange"] = new JsonObject { ["name"] = name, ["type"] = "fanout", ["durable"] = true, ["autoDelete"] = false, ["vhost"] = "/" },
                        ["bindingVersion"] = "0.3.0",
                    },
                },
            };
            operations[$"publish-{id}"] = new JsonObject
            {
                ["action"] = "send",
                ["title"] = $"Publish {name}",
                ["channel"] = Ref($"#/channels/{id}"),
                ["messages"] = new JsonArray(Ref($"#/channels/{id}/messages/{type.Name}")),
            };
        }

        var webhookMessages = new JsonObject();
        foreach (var (name, type) in WebhookCatalogue.Types)
        {
            var messageName = $"Webhook{type.Name}";
            messages[messageName] = new JsonObject
            {
                ["name"] = WebhookCatalogue.CloudEventsType(name),
                ["title"] = $"{name} (webhook)",
                ["summary"] = WebhookCatalogue.Describe(name, Languages.English),
                ["contentType"] = WebhookMessage.ContentType,
                ["headers"] = Ref("#/components/schemas/StandardWebhooksHeaders"),
                ["payload"] = CloudEvent(name, type),
                ["bindings"] = new JsonObject { ["http"] = new JsonObject { ["bindingVersion"] = "0.3.0" } },
            };
            webhookMessages[messageName] = Ref($"#/components/messages/{messageName}");
        }

        channels["webhooks"] = new JsonObject
        {
            ["address"] = "{endpointUrl}",
            ["title"] = "Partner webhook endpoint",
            ["description"] = "Each registered endpoint receives the event types it subscribed to, as structured CloudEvents "
                + "(application/cloudevents+json) in HTTP POST requests signed per Standard Webhooks. Answer 2xx to acknowledge; "
                + "anything else is retried (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, with jitter; Retry-After honoured on 429/503); 410 disables the endpoint.",
            ["parameters"] = new JsonObject { ["endpointUrl"] = new JsonObject { ["description"] = "The URL registered for the endpoint." } },
            ["messages"] = webhookMessages,
            ["bindings"] = new JsonObject { ["http"] = new JsonObject { ["bindingVersion"] = "0.3.0" } },
        };
        operations["deliver-webhooks"] = new JsonObject
        {
            ["action"] = "send",
            ["title"] = "Deliver webhooks",
            ["channel"] = Ref("#/channels/webhooks"),
            ["bindings"] = new JsonObject { ["http"] = new JsonObject { ["method"] = "POST", ["bindingVersion"] = "0.3.0" } },
            ["messages"] = new JsonArray(webhookMessages.Select(m => (JsonNode)Ref($"#/channels/webhooks/messages/{m.Key}")).ToArray()),
        };

        schemas["StandardWebhooksHeaders"] = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("webhook-id", "webhook-timestamp", "webhook-signature"),
            ["properties"] = new JsonObject
            {
                ["webhook-id"] = new JsonObject { ["type"] = "string", ["description"] = "The event id: the same on every retry; de-duplicate on it." },
                ["webhook-timestamp"] = new JsonObject { ["type"] = "string", ["description"] = "Unix seconds of this attempt." },
                ["webhook-signature"] = new JsonObject
                {
                    ["type"] = "string",
                    ["description"] = "Space-separated 'v1,<base64 HMAC-SHA256 of {id}.{timestamp}.{body}>' signatures, keyed by the base64-decoded "
                        + "part of the secret after 'whsec_' (two during a secret rotation).",
                },
            },
        };

        return new JsonObject
        {
            ["asyncapi"] = "3.0.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Rabat Process platform events",
                ["version"] = "1.0.0",
                ["description"] = "The events of the Rabat Process platform: on its RabbitMQ broker (one fanout exchange per event type) "
                    + "and, for the public event types, as signed webhooks (see GET /api/subscriptions/event-types).",
            },
            ["servers"] = new JsonObject
            {
                ["rabbitmq"] = new JsonObject
                {
                    ["host"] = options.BrokerHost,
                    ["protocol"] = "amqp",
                    ["protocolVersion"] = "0.9.1",
                    ["description"] = "The platform's RabbitMQ broker (credentials from the Secretariat).",
                },
            },
            ["defaultContentType"] = "application/json",
            ["channels"] = channels,
            ["operations"] = operations,
            ["components"] = new JsonObject { ["schemas"] = schemas, ["messages"] = messages },
        };
    }

    private static JsonObject CloudEvent(string name, Type type) => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("specversion", "id", "source", "type", "time", "datacontenttype", "data"),
        ["properties"] = new JsonObject
        {
            ["specversion"] = new JsonObject { ["const"] = "1.0" },
            ["id"] = new JsonObject { ["type"] = "string", ["format"] = "uuid" },
            ["source"] = new JsonObject { ["type"] = "string", ["format"] = "uri-reference" },
            ["type"] = new JsonObject { ["const"] = WebhookCatalogue.CloudEventsType(name) },
            ["time"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
            ["subject"] = new JsonObject { ["type"] = "string" },
            ["datacontenttype"] = new JsonObject { ["const"] = "application/json" },
            ["data"] = Ref($"#/components/schemas/{type.Name}"),
        },
    };

    private static string Id(string eventType) => eventType.Replace('.', '-').Replace('_', '-');

    private static JsonObject Ref(string path) => new() { ["$ref"] = path };
}
