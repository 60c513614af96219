using System.Net;
using System.Text.Json.Nodes;
using RabatPlatform.Contracts;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Webhooks;

/// <summary>The public catalogue of webhook event types and the AsyncAPI document, read anonymously through the gateway.</summary>
[Collection(SubscriptionsCollection.Name)]
public sealed class EventCatalogueTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Event_types_lists_the_public_families_with_their_json_schemas()
    {
        var response = await platform.Client.GetAsync("/api/subscriptions/event-types?lang=en");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.ReadJsonAsync())["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        var names = items.Select(i => i["type"]!.GetValue<string>()).ToList();

        Assert.Contains("news.published", names);
        Assert.Contains("page.updated", names);
        Assert.Contains("project.published", names);
        Assert.Contains("partner.registered", names);
        Assert.Contains("chairmanship.changed", names);
        Assert.Contains("meeting.registration_opened", names);
        Assert.Contains("publication.file_added", names);
        Assert.Contains("webhook.test", names);
        Assert.DoesNotContain(names, n => n.StartsWith("registration.", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("search.", StringComparison.Ordinal));
        Assert.DoesNotContain("webhook.endpoint_disabled", names);
        Assert.All(names, n => Assert.NotNull(EventTypes.Find(n)));

        var news = items.Single(i => i["type"]!.GetValue<string>() == "news.published");
        Assert.Equal("org.rabatprocess.news.published", news["cloudEventsType"]!.GetValue<string>());
        Assert.Equal("A news item was published.", news["description"]!.GetValue<string>());
        var schema = news["schema"]!.AsObject();
        Assert.Equal("object", schema["type"]!.ToString());
        var properties = schema["properties"]!.AsObject();
        Assert.True(properties.ContainsKey("eventId"));
        Assert.True(properties.ContainsKey("newsId"));
        Assert.True(properties.ContainsKey("translations"));
        Assert.Contains("newsId", schema["required"]!.AsArray().Select(r => r!.GetValue<string>()));

        var french = await (await platform.Client.GetAsync("/api/subscriptions/event-types")).ReadJsonAsync();
        Assert.Equal("Une actualité a été publiée.", french["items"]!.AsArray().Single(i => i!["type"]!.GetValue<string>() == "news.published")!["description"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await platform.Client.GetAsync("/api/subscriptions/event-types?lang=de")).StatusCode);
    }

    [Fact]
    public async Task The_asyncapi_document_describes_every_exchange_and_webhook()
    {
        var response = await platform.Client.GetAsync("/api/subscriptions/asyncapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = await response.ReadJsonAsync();
        Assert.Equal("3.1.0", document["asyncapi"]!.GetValue<string>());
        Assert.Equal("amqp", document["servers"]!["rabbitmq"]!["protocol"]!.GetValue<string>());

        var channels = document["channels"]!.AsObject();
        foreach (var name in EventTypes.All.Keys)
        {
            var channel = channels[name.Replace('.', '-').Replace('_', '-')]!.AsObject();
            Assert.Equal(name, channel["address"]!.GetValue<string>());
            Assert.Equal("fanout", channel["bindings"]!["amqp"]!["exchange"]!["type"]!.GetValue<string>());
        }

        var webhookMessages = channels["webhooks"]!["messages"]!.AsObject();
        Assert.True(webhookMessages.ContainsKey("WebhookNewsPublished"));
        Assert.True(webhookMessages.ContainsKey("WebhookWebhookTest"));
        Assert.False(webhookMessages.ContainsKey("WebhookRegistrationSubmitted"));
        var message = document["components"]!["messages"]!["WebhookNewsPublished"]!;
        Assert.Equal("application/cloudevents+json", message["contentType"]!.GetValue<string>());
        Assert.Equal("org.rabatprocess.news.published", message["payload"]!["properties"]!["type"]!["const"]!.GetValue<string>());
        Assert.True(document["components"]!["schemas"]!["NewsPublished"]!["properties"]!.AsObject().ContainsKey("newsId"));

        // Every channel id follows AsyncAPI's pattern and every $ref points into the document.
        Assert.All(channels.Select(c => c.Key), id => Assert.Matches("^[A-Za-z0-9_\\-]+$", id));
        var refs = new List<string>();
        Collect(document, refs);
        Assert.NotEmpty(refs);
        foreach (var reference in refs.Distinct())
        {
            Assert.StartsWith("#/", reference);
            JsonNode? node = document;
            foreach (var segment in reference[2..].Split('/'))
            {
                node = node?[segment.Replace("~1", "/").Replace("~0", "~")];
            }

            Assert.True(node is not null, $"{reference} resolves");
        }
    }

    private static void Collect(JsonNode? node, List<string> refs)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key == "$ref" && value is JsonValue v && v.TryGetValue<string>(out var r) && r.StartsWith('#'))
                    {
                        refs.Add(r);
                    }
                    else
                    {
                        Collect(value, refs);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, refs);
                }

                break;
        }
    }
}
