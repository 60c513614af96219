using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Features.Webhooks;

namespace RabatPlatform.Subscriptions.Features.AsyncApi;

/// <summary>
/// An AsyncAPI 3.1.0 document of the platform's events, as they are on the wire: every event type as a RabbitMQ fanout
/// exchange of the same name (a channel partners may bind their own queue to) carrying MassTransit's JSON envelope
/// (<c>application/vnd.masstransit+json</c>, the event in its <c>message</c> property), and the webhook deliveries
/// (structured CloudEvents over HTTP POST, Standard Webhooks headers) of every catalogue type. Channels say where,
/// operations say who sends what (AsyncAPI 3's split).
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
            schemas[$"{type.Name}Envelope"] = Envelope(type);
            messages[type.Name] = new JsonObject
            {
                ["name"] = name,
                ["title"] = type.Name,
                ["summary"] = WebhookCatalogue.Describe(name, Languages.English),
                ["contentType"] = EnvelopeContentType,
                ["payload"] = Ref($"#/components/schemas/{type.Name}Envelope"),
                ["bindings"] = new JsonObject { ["amqp"] = new JsonObject { ["bindingVersion"] = "0.3.0" } },
            };
            channels[id] = new JsonObject
            {
                ["address"] = name,
                ["title"] = $"Exchange {name}",
                ["description"] = "A durable fanout exchange named by the event type; bind a queue of your own to receive every event. "
                    + "Each message is a MassTransit envelope (application/vnd.masstransit+json): the event is its 'message' property, "
                    + "'messageId' is the event's id (de-duplicate on it), 'messageType' names the .NET contract.",
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
            ["asyncapi"] = "3.1.0",
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
            ["defaultContentType"] = EnvelopeContentType,
            ["channels"] = channels,
            ["operations"] = operations,
            ["components"] = new JsonObject { ["schemas"] = schemas, ["messages"] = messages },
        };
    }

    /// <summary>What MassTransit puts on RabbitMQ (its JSON message envelope), the event being <c>message</c>.</summary>
    public const string EnvelopeContentType = "application/vnd.masstransit+json";

    private static JsonObject Envelope(Type type)
    {
        JsonObject Text(string description, string? format = null) => format is null
            ? new() { ["type"] = "string", ["description"] = description }
            : new() { ["type"] = "string", ["format"] = format, ["description"] = description };
        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = $"MassTransit's envelope around a {type.Name}.",
            ["required"] = new JsonArray("messageId", "messageType", "message", "sentTime", "destinationAddress"),
            ["properties"] = new JsonObject
            {
                ["messageId"] = Text("The event's id (its eventId): the same on every redelivery.", "uuid"),
                ["conversationId"] = Text("Groups the messages caused by one another.", "uuid"),
                ["correlationId"] = Text("Set when the publisher correlates messages.", "uuid"),
                ["initiatorId"] = Text("The message that caused this one, if any.", "uuid"),
                ["sourceAddress"] = Text("The publishing endpoint (rabbitmq://…).", "uri"),
                ["destinationAddress"] = Text("The exchange it was published to (rabbitmq://…/<event type>).", "uri"),
                ["messageType"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject { ["type"] = "string" },
                    ["description"] = $"Message type URNs, among them urn:message:{type.Namespace}:{type.Name}.",
                },
                ["message"] = Ref($"#/components/schemas/{type.Name}"),
                ["sentTime"] = Text("When it was sent.", "date-time"),
                ["headers"] = new JsonObject { ["type"] = "object", ["description"] = "Transport headers (trace context among them)." },
                ["host"] = new JsonObject { ["type"] = "object", ["description"] = "The sending process (machine, process, framework versions)." },
            },
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
