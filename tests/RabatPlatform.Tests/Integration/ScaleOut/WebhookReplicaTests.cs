using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence.Jobs;
using RabatPlatform.Subscriptions;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Subscriptions.Features.Webhooks;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.ScaleOut;

/// <summary>
/// The webhook jobs with replicas: at most one attempt per endpoint is in flight across all dispatchers, not only within
/// one (a receiver sees an endpoint's deliveries one after another, in order); the re-encryption of secrets at start
/// writes each endpoint once.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class WebhookReplicaTests(ScaleOutFixture fixture)
{
    [Fact]
    public async Task While_a_replica_claims_an_endpoints_delivery_no_other_replica_sends_to_that_endpoint()
    {
        var subscriptions = await fixture.SubscriptionsAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        using var secretariat = subscriptions.SecretariatClient();
        var (endpoint, _) = await WebhookTestApi.RegisterAsync(secretariat, receiver.Url, "news.published");

        // Two deliveries to the endpoint, due in an hour (nobody takes them before the test is ready).
        var at = subscriptions.Clock.GetUtcNow().AddHours(1);
        var first = WebhookDelivery.Create(endpoint, Guid.NewGuid(), "webhook.test", "{\"n\":1}", at);
        var second = WebhookDelivery.Create(endpoint, Guid.NewGuid(), "webhook.test", "{\"n\":2}", at.AddMilliseconds(1));
        await subscriptions.InDbAsync<SubscriptionsDbContext, int>(db =>
        {
            db.WebhookDeliveries.AddRange(first, second);
            return db.SaveChangesAsync();
        });

        // A third replica is in the middle of its claim: it has leased the first delivery, not yet committed.
        var builder = new NpgsqlDataSourceBuilder(subscriptions.Database);
        builder.ConfigureTracing(t => t.ConfigureCommandFilter(_ => false).EnablePhysicalOpenTracing(false));
        await using var source = builder.Build();
        await using var connection = await source.OpenConnectionAsync();
        await using var claim = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, claim))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = JobLease.KeyOf(WebhookDispatcher.ClaimLock) });
            await command.ExecuteNonQueryAsync();
        }

        await using (var command = new NpgsqlCommand("UPDATE webhook_deliveries SET locked_until = $1 WHERE id = $2", connection, claim))
        {
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at.AddHours(2) });
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = first.Id });
            await command.ExecuteNonQueryAsync();
        }

        // Both deliveries are due: the two live dispatchers wait for that claim to end instead of sending the second.
        subscriptions.Clock.Advance(TimeSpan.FromHours(1.5));
        await TestApi.WaitUntilAsync(async () => receiver.Received.Count > 0 || await WaitingForTheClaimLockAsync(source) >= subscriptions.Hosts.Count,
            TimeSpan.FromSeconds(20), "the dispatchers wait for the claim in progress (or send)");
        Assert.Empty(receiver.Received);

        // The claim commits: the endpoint is busy with the first delivery, so still nothing for it from the others.
        await claim.CommitAsync();
        await Task.WhenAll(subscriptions.Hosts.Select(h => PlatformFixture.RoundsAsync<WebhookDispatcher>(h.Services, 3)));
        Assert.Empty(receiver.Received);

        // That replica delivers the first: the second goes out, once.
        await subscriptions.InDbAsync<SubscriptionsDbContext, int>(db => db.WebhookDeliveries.Where(d => d.Id == first.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Succeeded).SetProperty(d => d.LockedUntil, (DateTimeOffset?)null)));
        await receiver.WaitForAsync(1, "the second delivery is sent");
        await Task.WhenAll(subscriptions.Hosts.Select(h => PlatformFixture.RoundsAsync<WebhookDispatcher>(h.Services, 3)));
        Assert.Equal(second.EventId.ToString(), Assert.Single(receiver.Received).Id);
    }

    [Fact]
    public async Task Two_secret_reprotection_passes_at_once_write_each_endpoint_once_and_keep_its_secret()
    {
        // Several replicas start together: their passes may overlap (the lease aside). Each endpoint is written once,
        // by the pass that read it first; the other's write over the old value finds it changed and writes nothing.
        var subscriptions = await fixture.SubscriptionsAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        using var secretariat = subscriptions.SecretariatClient();
        var endpoints = new List<(Guid Id, string Secret)>();
        for (var i = 0; i < 3; i++)
        {
            endpoints.Add(await WebhookTestApi.RegisterAsync(secretariat, receiver.Url, "news.published"));
        }

        // Stored as before encryption at rest: the plain secret.
        foreach (var (id, secret) in endpoints)
        {
            await subscriptions.InDbAsync<SubscriptionsDbContext, int>(db =>
                db.WebhookEndpoints.Where(e => e.Id == id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Secret, secret)));
        }

        var passes = subscriptions.Hosts.Select(Replicas<SubscriptionsApiMarker>.Job<WebhookSecretReprotection>).ToList();
        Assert.Equal(endpoints.Count, (await Task.WhenAll(passes.Select(p => p.ReprotectAsync(CancellationToken.None)))).Sum());

        var protector = subscriptions[1].Services.GetRequiredService<WebhookSecretProtector>();
        foreach (var (id, secret) in endpoints)
        {
            var stored = await subscriptions.InDbAsync<SubscriptionsDbContext, string>(db =>
                db.WebhookEndpoints.Where(e => e.Id == id).Select(e => e.Secret).SingleAsync());
            Assert.StartsWith(protector.ActivePrefix, stored);
            Assert.Equal(secret, protector.Unprotect(stored, id));
        }
    }

    private static async Task<long> WaitingForTheClaimLockAsync(NpgsqlDataSource source)
    {
        await using var command = source.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
