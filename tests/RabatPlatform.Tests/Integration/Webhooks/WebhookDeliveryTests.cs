using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence.Outbox;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Subscriptions.Features.Webhooks;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Webhooks;

/// <summary>
/// Events reach partner systems as signed CloudEvents, retried on the schedule (controlled clock),
/// and a dead or slow endpoint never holds up a healthy one.
/// </summary>
[Collection(SubscriptionsCollection.Name)]
public sealed class WebhookDeliveryTests(PlatformFixture platform) : IAsyncLifetime
{
    private readonly List<WebhookReceiver> receivers = [];

    public Task InitializeAsync() => platform.ResetAsync();

    public async Task DisposeAsync()
    {
        foreach (var receiver in receivers)
        {
            await receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_subscribed_event_arrives_as_a_signed_cloud_event_and_others_do_not()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var receiver = await ReceiverAsync();
        var other = await ReceiverAsync();
        var (id, secret) = await WebhookTestApi.RegisterAsync(secretariat, receiver.Url, "publication.published", "news.published");
        var (otherId, _) = await WebhookTestApi.RegisterAsync(secretariat, other.Url, "meeting.announced");
        var attempts = MetricCollector.Total("rabat.webhooks.attempts");

        var publicationId = Guid.NewGuid();
        var evt = new PublicationPublished(Guid.NewGuid(), platform.Clock.GetUtcNow(), publicationId, new PublicationData(
            "report",
            new Dictionary<string, TranslatedText> { ["fr"] = new("Rapport annuel", null, null, "rapport-annuel"), ["en"] = new("Annual report", null, null, "annual-report") },
            new DateOnly(2026, 3, 1), ["MA", "ES"], ["diaspora"], [19], null));
        await platform.Publications.Services.GetRequiredService<IBus>().Publish(evt);

        var request = Assert.Single(await receiver.WaitForAsync(1, "the publication reaches the subscribed endpoint"));
        await TestApi.WaitUntilAsync(
            () => Task.FromResult(MetricCollector.Total("rabat.webhooks.attempts") > attempts),
            TimeSpan.FromSeconds(10), "the attempt is counted");
        Assert.Equal("/hook", request.Path);
        Assert.StartsWith("application/cloudevents+json", request.ContentType);
        Assert.Equal(evt.EventId.ToString(), request.Id);
        Assert.True(request.VerifiesWith(secret), $"signature {request.Signature} verifies with the endpoint's secret");
        Assert.False(request.VerifiesWith("whsec_" + Convert.ToBase64String(new byte[32])), "a wrong secret does not verify");
        var timestamp = long.Parse(request.Timestamp, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, platform.Clock.GetUtcNow().ToUnixTimeSeconds() - 60, platform.Clock.GetUtcNow().ToUnixTimeSeconds() + 1);

        var body = request.Json;
        Assert.Equal("1.0", body["specversion"]!.GetValue<string>());
        Assert.Equal(evt.EventId.ToString(), body["id"]!.GetValue<string>());
        Assert.Equal("org.rabatprocess.publication.published", body["type"]!.GetValue<string>());
        Assert.Equal($"publication/{publicationId}", body["subject"]!.GetValue<string>());
        Assert.Equal("application/json", body["datacontenttype"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["source"]!.GetValue<string>()));
        Assert.Equal(evt.OccurredAt, body["time"]!.GetValue<DateTimeOffset>());
        Assert.Equal(publicationId, body["data"]!["publicationId"]!.GetValue<Guid>());
        Assert.Equal("Annual report", body["data"]!["publication"]!["translations"]!["en"]!["title"]!.GetValue<string>());

        var delivery = await WebhookTestApi.WaitForDeliveryAsync(secretariat, id, d => d.Status() == "succeeded", "the delivery is logged as succeeded");
        Assert.Equal("publication.published", delivery["eventType"]!.GetValue<string>());
        var attempt = Assert.Single(delivery["log"]!.AsArray());
        Assert.Equal(204, attempt!["statusCode"]!.GetValue<int>());
        Assert.True(attempt["success"]!.GetValue<bool>());

        // The other endpoint's subscription did not match: the same consumer transaction wrote no row for it.
        Assert.Empty(await WebhookTestApi.DeliveriesAsync(secretariat, otherId));
        Assert.Empty(other.Received);

        // A redelivered event (same id) is not sent twice (inbox).
        await platform.Publications.Services.GetRequiredService<IBus>().Publish(evt);
        await platform.Publications.Services.GetRequiredService<IBus>().Publish(new NewsUnpublished(Guid.NewGuid(), platform.Clock.GetUtcNow(), Guid.NewGuid(), new Dictionary<string, string>()));
        var meeting = new MeetingAnnounced(Guid.NewGuid(), platform.Clock.GetUtcNow(), Guid.NewGuid(), new MeetingData(
            "thematic-meeting", new Dictionary<string, TranslatedText> { ["fr"] = new("Réunion", null, null, "reunion") },
            new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 2), "Dakar", "SN", "in-person", ["SN"], [], []));
        await platform.Meetings.Services.GetRequiredService<IBus>().Publish(meeting);
        await other.WaitForAsync(1, "the meeting reaches the endpoint subscribed to meetings");
        Assert.Single(await WebhookTestApi.DeliveriesAsync(secretariat, id));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task The_test_route_sends_a_webhook_test_event_to_that_endpoint_only()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var receiver = await ReceiverAsync();
        var other = await ReceiverAsync();
        var (id, secret) = await WebhookTestApi.RegisterAsync(secretariat, receiver.Url, "news.published");
        await WebhookTestApi.RegisterAsync(secretariat, other.Url, "webhook.test");

        var deliveryId = await WebhookTestApi.SendTestAsync(secretariat, id);
        var request = Assert.Single(await receiver.WaitForAsync(1, "the test event arrives"));
        Assert.True(request.VerifiesWith(secret));
        Assert.Equal("org.rabatprocess.webhook.test", request.Json["type"]!.GetValue<string>());
        Assert.Equal(id, request.Json["data"]!["endpointId"]!.GetValue<Guid>());
        Assert.Equal($"webhook/{id}", request.Json["subject"]!.GetValue<string>());
        var delivery = await WebhookTestApi.WaitForDeliveryAsync(secretariat, id, d => d.Id() == deliveryId && d.Status() == "succeeded", "the test delivery succeeded");
        Assert.Equal("webhook.test", delivery["eventType"]!.GetValue<string>());
        Assert.Empty(other.Received);
    }

    [Fact]
    public async Task Failures_are_retried_on_the_schedule_honouring_retry_after()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var receiver = await ReceiverAsync();
        receiver.ReplyWith(500, body: new string('x', 5000));
        var (id, secret) = await WebhookTestApi.RegisterAsync(secretariat, receiver.Url, "news.published");
        var deliveryId = await WebhookTestApi.SendTestAsync(secretariat, id);

        // 1st attempt fails: the next one comes 5 s later (+ up to 10 % jitter).
        var delivery = await AttemptedAsync(secretariat, id, deliveryId, 1);
        AssertNextIn(delivery, TimeSpan.FromSeconds(5));
        var log = delivery["log"]!.AsArray();
        Assert.Equal(500, log[0]!["statusCode"]!.GetValue<int>());
        Assert.Equal(1024, log[0]!["responseExcerpt"]!.GetValue<string>().Length);
        Assert.Equal("pending", delivery.Status());
        Assert.Equal(HttpStatusCode.Conflict, (await secretariat.PostAsync($"{WebhookTestApi.Base}/{id}/deliveries/{deliveryId}/replay", null)).StatusCode);

        platform.Clock.Advance(TimeSpan.FromSeconds(6));
        delivery = await AttemptedAsync(secretariat, id, deliveryId, 2);
        AssertNextIn(delivery, TimeSpan.FromMinutes(5));

        platform.Clock.Advance(TimeSpan.FromMinutes(6));
        delivery = await AttemptedAsync(secretariat, id, deliveryId, 3);
        AssertNextIn(delivery, TimeSpan.FromMinutes(30));

        // The endpoint is overloaded and asks for 10 hours: the schedule (2 h) gives way.
        receiver.ReplyWith(429, new Dictionary<string, string> { ["Retry-After"] = "36000" });
        platform.Clock.Advance(TimeSpan.FromMinutes(34));
        delivery = await AttemptedAsync(secretariat, id, deliveryId, 4);
        var wait = delivery.Time("nextAttemptAt")!.Value - delivery.Time("lastAttemptAt")!.Value;
        Assert.InRange(wait, TimeSpan.FromHours(10), TimeSpan.FromHours(10) + TimeSpan.FromSeconds(5));

        // 2 h later is too early.
        platform.Clock.Advance(TimeSpan.FromHours(2.5));
        await PlatformFixture.RoundsAsync<WebhookDispatcher>(platform.Subscriptions.Services);
        Assert.Equal(4, receiver.Received.Count);

        receiver.ReplyWith(200, body: "ok");
        platform.Clock.Advance(TimeSpan.FromHours(8));
        delivery = await WebhookTestApi.WaitForDeliveryAsync(secretariat, id, d => d.Id() == deliveryId && d.Status() == "succeeded", "the 5th attempt succeeds");
        Assert.Equal(5, delivery.Attempts());
        Assert.Equal([500, 500, 500, 429, 200], delivery["log"]!.AsArray().Select(a => a!["statusCode"]!.GetValue<int>()));
        Assert.Equal("ok", delivery["log"]!.AsArray()[4]!["responseExcerpt"]!.GetValue<string>());

        // Every attempt carried the same webhook-id, each signed with its own timestamp.
        var requests = receiver.Received;
        Assert.Equal(5, requests.Count);
        Assert.Single(requests.Select(r => r.Id).Distinct());
        Assert.All(requests, r => Assert.True(r.VerifiesWith(secret)));
        Assert.Equal(5, requests.Select(r => r.Timestamp).Distinct().Count());
        Assert.Null((await WebhookTestApi.EndpointAsync(secretariat, id))["failingSince"]);
    }

    [Fact]
    public async Task A_delivery_fails_for_good_after_the_last_retry_then_replay_and_recover_resend_it()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var receiver = await ReceiverAsync();
        receiver.ReplyWith(503);
        var (id, secret) = await WebhookTestApi.RegisterAsync(secretariat, receiver.Url, "news.published");
        var start = platform.Clock.GetUtcNow();
        var first = await WebhookTestApi.SendTestAsync(secretariat, id);
        var second = await WebhookTestApi.SendTestAsync(secretariat, id);

        // 1 + 6 retries (5 s, 5 min, 30 min, 2 h, 5 h, 10 h), then failed.
        TimeSpan[] schedule = [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10)];
        await BothAttemptedAsync(secretariat, id, first, second, 1);
        for (var i = 0; i < schedule.Length; i++)
        {
            platform.Clock.Advance((schedule[i] * 1.1) + TimeSpan.FromSeconds(1));
            await BothAttemptedAsync(secretariat, id, first, second, i + 2);
        }

        var failed = await WebhookTestApi.DeliveriesAsync(secretariat, id, "failed");
        Assert.Equal(2, failed.Count);
        Assert.All(failed, d => Assert.Equal(7, d.Attempts()));
        Assert.All(failed, d => Assert.Null(d["nextAttemptAt"]));
        Assert.Empty(await WebhookTestApi.DeliveriesAsync(secretariat, id, "pending"));
        Assert.Equal(14, receiver.Received.Count);

        // Replay one: same webhook-id, sent again now.
        receiver.ReplyWith(204);
        var replay = await secretariat.PostAsync($"{WebhookTestApi.Base}/{id}/deliveries/{first}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        await WebhookTestApi.WaitForDeliveryAsync(secretariat, id, d => d.Id() == first && d.Status() == "succeeded", "the replayed delivery succeeds");
        Assert.Equal(15, receiver.Received.Count);
        Assert.Contains(receiver.Received.Take(14), r => r.Id == receiver.Received[14].Id);
        Assert.True(receiver.Received[14].VerifiesWith(secret));

        // Replaying a delivery that is already scheduled is a conflict; an unknown one is 404.
        Assert.Equal(HttpStatusCode.NotFound, (await secretariat.PostAsync($"{WebhookTestApi.Base}/{id}/deliveries/{Guid.NewGuid()}/replay", null)).StatusCode);

        // Recover: nothing failed since now; everything failed since the start is the second delivery.
        var none = await secretariat.PostAsync($"{WebhookTestApi.Base}/{id}/recover?since={Uri.EscapeDataString(platform.Clock.GetUtcNow().AddSeconds(-1).ToString("O"))}", null);
        Assert.Equal(HttpStatusCode.Accepted, none.StatusCode);
        Assert.Equal(0, (await none.ReadJsonAsync())["recovered"]!.GetValue<int>());
        var recover = await secretariat.PostAsync($"{WebhookTestApi.Base}/{id}/recover?since={Uri.EscapeDataString(start.AddMinutes(-1).ToString("O"))}", null);
        Assert.Equal(HttpStatusCode.Accepted, recover.StatusCode);
        Assert.Equal(1, (await recover.ReadJsonAsync())["recovered"]!.GetValue<int>());
        var recovered = await WebhookTestApi.WaitForDeliveryAsync(secretariat, id, d => d.Id() == second && d.Status() == "succeeded", "the recovered delivery succeeds");
        Assert.Equal(8, recovered["log"]!.AsArray().Count);
        Assert.Equal(16, receiver.Received.Count);
        Assert.Empty(await WebhookTestApi.DeliveriesAsync(secretariat, id, "failed"));
    }

    [Fact]
    public async Task An_endpoint_answering_410_is_disabled_and_the_secretariat_told()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var receiver = await ReceiverAsync();
        receiver.ReplyWith(410);
        var (id, _) = await WebhookTestApi.RegisterAsync(secretariat, receiver.Url, "news.published");
        await WebhookTestApi.SendTestAsync(secretariat, id);
        var delivery = await WebhookTestApi.WaitForDeliveryAsync(secretariat, id, d => d.Status() == "failed", "the delivery fails at once");
        Assert.Equal(1, delivery.Attempts());

        var endpoint = await WebhookTestApi.EndpointAsync(secretariat, id);
        Assert.False(endpoint["enabled"]!.GetValue<bool>());
        Assert.Contains("410", endpoint["disabledReason"]!.GetValue<string>());
        Assert.NotNull(endpoint["disabledAt"]);
        var told = await platform.InDbAsync<SubscriptionsDbContext, List<OutboxMessage>>(platform.Subscriptions.Services,
            db => db.OutboxMessages.Where(m => m.Type == "webhook.endpoint_disabled").ToListAsync());
        Assert.Contains(id.ToString(), Assert.Single(told).Payload);

        // No more tests until re-enabled; re-enabling clears the reason.
        Assert.Equal(HttpStatusCode.Conflict, (await secretariat.PostAsync($"{WebhookTestApi.Base}/{id}/test", null)).StatusCode);
        receiver.ReplyWith(204);
        var enable = await secretariat.PutAsJsonAsync($"{WebhookTestApi.Base}/{id}", new { url = receiver.Url, eventTypes = new[] { "news.published" }, enabled = true });
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        var enabled = await enable.ReadJsonAsync();
        Assert.True(enabled["enabled"]!.GetValue<bool>());
        Assert.Null(enabled["disabledReason"]);
        await WebhookTestApi.SendTestAsync(secretariat, id);
        await receiver.WaitForAsync(2, "the re-enabled endpoint gets the test");
    }

    [Fact]
    public async Task A_dead_endpoint_is_disabled_without_delaying_a_healthy_one()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var dead = await ReceiverAsync();
        var healthy = await ReceiverAsync();
        var release = new TaskCompletionSource<WebhookReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        dead.Reply = _ => release.Task; // hangs until released
        try
        {
            var (deadId, _) = await WebhookTestApi.RegisterAsync(secretariat, dead.Url, "news.published");
            var (healthyId, _) = await WebhookTestApi.RegisterAsync(secretariat, healthy.Url, "news.published");
            var bus = platform.Content.Services.GetRequiredService<IBus>();
            for (var i = 0; i < 4; i++)
            {
                await bus.Publish(new NewsUnpublished(Guid.NewGuid(), platform.Clock.GetUtcNow(), Guid.NewGuid(), new Dictionary<string, string>()));
            }

            // news.unpublished above is not subscribed to: only the four news.published are delivered.
            for (var i = 0; i < 4; i++)
            {
                await bus.Publish(new NewsPublished(Guid.NewGuid(), platform.Clock.GetUtcNow(), Guid.NewGuid(), platform.Clock.GetUtcNow(),
                    new Dictionary<string, TranslatedText> { ["fr"] = new($"Actualité {i}", null, null, $"actualite-{i}") }, []));
            }

            await dead.WaitForAsync(1, "the dead endpoint holds its first request");
            await healthy.WaitForAsync(4, "the healthy endpoint gets all four events while the other hangs");
            Assert.False(release.Task.IsCompleted);
            Assert.Single(dead.Received); // one in flight per endpoint
            await TestApi.WaitUntilAsync(async () => (await WebhookTestApi.DeliveriesAsync(secretariat, healthyId, "succeeded")).Count == 4,
                TimeSpan.FromSeconds(20), "the healthy endpoint's four deliveries are logged as succeeded");

            // The dead endpoint fails from now on; after the configured period (5 days) of failures it is disabled.
            dead.ReplyWith(500);
            release.SetResult(new WebhookReply(500));
            await TestApi.WaitUntilAsync(async () => (await WebhookTestApi.DeliveriesAsync(secretariat, deadId)).All(d => d.Attempts() == 1),
                TimeSpan.FromSeconds(20), "each of the dead endpoint's deliveries was tried once");
            Assert.True((await WebhookTestApi.EndpointAsync(secretariat, deadId))["enabled"]!.GetValue<bool>());
            Assert.NotNull((await WebhookTestApi.EndpointAsync(secretariat, deadId))["failingSince"]);

            platform.Clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
            await TestApi.WaitUntilAsync(async () => !(await WebhookTestApi.EndpointAsync(secretariat, deadId))["enabled"]!.GetValue<bool>(),
                TimeSpan.FromSeconds(20), "the endpoint failing for 5 days is disabled");
            var endpoint = await WebhookTestApi.EndpointAsync(secretariat, deadId);
            Assert.Contains("failed since", endpoint["disabledReason"]!.GetValue<string>());
            await TestApi.WaitUntilAsync(async () => (await WebhookTestApi.DeliveriesAsync(secretariat, deadId, "failed")).Count == 4,
                TimeSpan.FromSeconds(20), "its deliveries are all failed");
            Assert.Equal(5, dead.Received.Count);
            Assert.True((await WebhookTestApi.EndpointAsync(secretariat, healthyId))["enabled"]!.GetValue<bool>());
        }
        finally
        {
            release.TrySetResult(new WebhookReply(500));
        }
    }

    [Fact]
    public async Task During_a_secret_rotation_both_signatures_are_sent_for_24_hours()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var receiver = await ReceiverAsync();
        var (id, oldSecret) = await WebhookTestApi.RegisterAsync(secretariat, receiver.Url, "news.published");

        var rotate = await secretariat.PostAsync($"{WebhookTestApi.Base}/{id}/rotate-secret", null);
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        var rotated = await rotate.ReadJsonAsync();
        var newSecret = rotated["secret"]!.GetValue<string>();
        Assert.NotEqual(oldSecret, newSecret);
        Assert.StartsWith("whsec_", newSecret);
        var overlapEnds = rotated["previousSecretExpiresAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(overlapEnds - platform.Clock.GetUtcNow(), TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));

        await WebhookTestApi.SendTestAsync(secretariat, id);
        var during = Assert.Single(await receiver.WaitForAsync(1, "a delivery during the rotation"));
        Assert.Equal(2, during.Signature.Split(' ').Length);
        Assert.True(during.VerifiesWith(oldSecret));
        Assert.True(during.VerifiesWith(newSecret));

        platform.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        await WebhookTestApi.SendTestAsync(secretariat, id);
        var after = (await receiver.WaitForAsync(2, "a delivery after the rotation"))[1];
        Assert.Single(after.Signature.Split(' '));
        Assert.True(after.VerifiesWith(newSecret));
        Assert.False(after.VerifiesWith(oldSecret));
        Assert.Null((await WebhookTestApi.EndpointAsync(secretariat, id))["previousSecretExpiresAt"]);
    }

    [Fact]
    public async Task Deliveries_are_rows_so_an_attempt_cut_short_by_a_crash_is_sent_when_its_lease_ends()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var receiver = await ReceiverAsync();
        var (id, secret) = await WebhookTestApi.RegisterAsync(secretariat, receiver.Url, "news.published");

        // A row left by a dispatcher that crashed mid-attempt: leased for another minute.
        var now = platform.Clock.GetUtcNow();
        var evt = new WebhookTest(Guid.NewGuid(), now, id, "left over");
        await platform.InDbAsync<SubscriptionsDbContext, int>(platform.Subscriptions.Services, db =>
        {
            var delivery = WebhookDelivery.Create(id, evt.EventId, "webhook.test", WebhookMessage.Body(evt, "https://www.rabat-process.org"), now);
            delivery.Lock(now + TimeSpan.FromMinutes(1));
            db.WebhookDeliveries.Add(delivery);
            return db.SaveChangesAsync();
        });
        await PlatformFixture.RoundsAsync<WebhookDispatcher>(platform.Subscriptions.Services);
        Assert.Empty(receiver.Received);

        platform.Clock.Advance(TimeSpan.FromMinutes(2));
        var request = Assert.Single(await receiver.WaitForAsync(1, "the leased delivery is sent once its lease ended"));
        Assert.Equal(evt.EventId.ToString(), request.Id);
        Assert.True(request.VerifiesWith(secret));
        await WebhookTestApi.WaitForDeliveryAsync(secretariat, id, d => d.Status() == "succeeded", "the delivery is logged as succeeded");
    }

    [Fact]
    public async Task A_backlog_at_one_hanging_endpoint_does_not_hold_up_another()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var stuck = await ReceiverAsync();
        var healthy = await ReceiverAsync();
        var release = new TaskCompletionSource<WebhookReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        stuck.Reply = _ => release.Task;
        try
        {
            var (stuckId, _) = await WebhookTestApi.RegisterAsync(secretariat, stuck.Url, "news.published");
            var (healthyId, _) = await WebhookTestApi.RegisterAsync(secretariat, healthy.Url, "news.published");
            var now = platform.Clock.GetUtcNow();
            await platform.InDbAsync<SubscriptionsDbContext, int>(platform.Subscriptions.Services, db =>
            {
                for (var i = 0; i < 200; i++)
                {
                    var evt = new WebhookTest(Guid.NewGuid(), now, stuckId, $"backlog {i}");
                    db.WebhookDeliveries.Add(WebhookDelivery.Create(stuckId, evt.EventId, "webhook.test", WebhookMessage.Body(evt, "https://www.rabat-process.org"), now.AddMinutes(-10)));
                }

                return db.SaveChangesAsync();
            });
            await stuck.WaitForAsync(1, "the stuck endpoint holds its first request");

            await WebhookTestApi.SendTestAsync(secretariat, healthyId);
            await healthy.WaitForAsync(1, "the other endpoint is served meanwhile");
            Assert.False(release.Task.IsCompleted);
            Assert.Single(stuck.Received);
        }
        finally
        {
            release.TrySetResult(new WebhookReply(204));
        }
    }

    private async Task<WebhookReceiver> ReceiverAsync()
    {
        var receiver = await WebhookReceiver.StartAsync();
        receivers.Add(receiver);
        return receiver;
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> AttemptedAsync(HttpClient secretariat, Guid endpointId, Guid deliveryId, int attempts) =>
        await WebhookTestApi.WaitForDeliveryAsync(secretariat, endpointId,
            d => d.Id() == deliveryId && d["log"]!.AsArray().Count == attempts && d.Attempts() == attempts, $"attempt {attempts} is logged");

    private static async Task BothAttemptedAsync(HttpClient secretariat, Guid endpointId, Guid first, Guid second, int attempts)
    {
        await AttemptedAsync(secretariat, endpointId, first, attempts);
        await AttemptedAsync(secretariat, endpointId, second, attempts);
    }

    private static void AssertNextIn(System.Text.Json.Nodes.JsonObject delivery, TimeSpan delay)
    {
        var wait = delivery.Time("nextAttemptAt")!.Value - delivery.Time("lastAttemptAt")!.Value;
        Assert.InRange(wait, delay, (delay * 1.1) + TimeSpan.FromSeconds(2));
    }
}
