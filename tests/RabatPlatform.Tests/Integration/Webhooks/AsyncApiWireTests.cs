using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Contracts;
using RabatPlatform.Tests.Infrastructure;
using RabbitMQ.Client;
using static RabatPlatform.Tests.Infrastructure.NewsletterTestApi;

namespace RabatPlatform.Tests.Integration.Webhooks;

/// <summary>
/// The AsyncAPI document says what is on the wire (issue 20): a queue bound to an event's exchange receives exactly the
/// content type and envelope the document declares, with the event where the document puts it.
/// </summary>
[Collection(SubscriptionsCollection.Name)]
public sealed class AsyncApiWireTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => WaitSearchSettledAsync(platform);

    [Fact]
    public async Task A_queue_bound_to_an_exchange_receives_the_message_the_asyncapi_document_declares()
    {
        var response = await platform.Client.GetAsync("/api/subscriptions/asyncapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadJsonAsync();
        Assert.Equal("3.1.0", document["asyncapi"]!.GetValue<string>());
        var declared = document["components"]!["messages"]!["NewsPublished"]!;
        var payload = Resolve(document, declared["payload"]!);

        // A partner's own queue on the news.published exchange, as the channel's bindings describe it.
        var channel = document["channels"]!["news-published"]!;
        Assert.Equal("news.published", channel["bindings"]!["amqp"]!["exchange"]!["name"]!.GetValue<string>());
        var broker = platform.Meetings.Services.GetRequiredService<IConfiguration>().GetConnectionString(ResourceNames.Messaging)!;
        await using var connection = await new ConnectionFactory { Uri = new Uri(broker) }.CreateConnectionAsync();
        await using var amqp = await connection.CreateChannelAsync();
        var queue = await amqp.QueueDeclareAsync(exclusive: true, autoDelete: true);
        await amqp.QueueBindAsync(queue.QueueName, "news.published", "");

        var news = News(Guid.NewGuid(), "Actualité sur le fil", "News on the wire");
        await PublishAsync(platform, news);
        BasicGetResult? received = null;
        await TestApi.WaitUntilAsync(async () => (received = await amqp.BasicGetAsync(queue.QueueName, autoAck: true)) is not null,
            TimeSpan.FromSeconds(20), "the bound queue receives the event");

        Assert.Equal(declared["contentType"]!.GetValue<string>(), received!.BasicProperties.ContentType);
        var body = JsonNode.Parse(received.Body.Span)!.AsObject();
        // Every property the envelope requires is there, and the event is its 'message', as the event's schema says.
        foreach (var required in payload["required"]!.AsArray())
        {
            Assert.True(body.ContainsKey(required!.GetValue<string>()), $"the envelope has '{required}'");
        }

        Assert.Contains("urn:message:RabatPlatform.Contracts:NewsPublished", body["messageType"]!.AsArray().Select(t => t!.GetValue<string>()));
        var message = body["message"]!.AsObject();
        Assert.Equal(news.NewsId, message["newsId"]!.GetValue<Guid>());
        var eventSchema = Resolve(document, payload["properties"]!["message"]!);
        foreach (var property in eventSchema["properties"]!.AsObject().Select(p => p.Key))
        {
            Assert.True(message.ContainsKey(property), $"the event has '{property}'");
        }
    }

    /// <summary>
    /// The document passes the AsyncAPI initiative's own parser (@asyncapi/parser: the 3.1.0 JSON Schema and its rules),
    /// when <c>eng/asyncapi</c> has its packages (<c>npm install</c> there) and node is on the machine; CI does not install them.
    /// </summary>
    [Fact]
    public async Task The_asyncapi_document_passes_the_asyncapi_parser()
    {
        var folder = RepositoryFiles.Find("eng/asyncapi", "validate.mjs");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@asyncapi", "parser")))
        {
            return; // not installed here
        }

        var file = Path.Combine(Path.GetTempPath(), $"rabat-asyncapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await platform.Client.GetStringAsync("/api/subscriptions/asyncapi.json"));
        try
        {
            using var node = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("node", ["validate.mjs", file])
            {
                WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            var output = await node.StandardOutput.ReadToEndAsync() + await node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            Assert.True(node.ExitCode == 0, output);
            Assert.Contains("valid AsyncAPI 3.1.0", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static JsonNode Resolve(JsonNode document, JsonNode node)
    {
        while (node["$ref"] is { } reference)
        {
            node = reference.GetValue<string>()[2..].Split('/').Aggregate(document, (n, segment) => n[segment]!);
        }

        return node;
    }
}
