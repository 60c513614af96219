using System.Net;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Features.Webhooks;

namespace RabatPlatform.Tests.Unit;

public sealed class WebhookUnitTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.1")]
    [InlineData("10.0.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:7f00:1::")]
    public void Non_public_addresses_are_forbidden(string address) =>
        Assert.True(WebhookTargetPolicy.IsForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("193.51.24.1")]
    [InlineData("2a00:1450:4007:80e::200e")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.False(WebhookTargetPolicy.IsForbidden(IPAddress.Parse(address)));

    [Fact]
    public void Only_https_unless_http_is_allowed()
    {
        var strict = new WebhookTargetPolicy(Options.Create(new WebhookOptions()));
        Assert.NotNull(strict.CheckForm(new Uri("http://partner.example/hook")));
        Assert.Null(strict.CheckForm(new Uri("https://partner.example/hook")));
        var dev = new WebhookTargetPolicy(Options.Create(new WebhookOptions { AllowHttp = true }));
        Assert.Null(dev.CheckForm(new Uri("http://partner.example/hook")));
    }

    [Fact]
    public async Task The_allow_list_matches_the_literal_host_and_port_range_only()
    {
        var policy = new WebhookTargetPolicy(Options.Create(new WebhookOptions { AllowedTargets = ["127.0.0.1:9000-9009"] }));
        Assert.NotEmpty(await policy.ResolveAllowedAsync("127.0.0.1", 9005, default));
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => policy.ResolveAllowedAsync("127.0.0.1", 9010, default));
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => policy.ResolveAllowedAsync("localhost", 9005, default));
    }

    [Fact]
    public void Signatures_follow_standard_webhooks()
    {
        // The example of the Standard Webhooks specification's reference libraries.
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const string id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        const long timestamp = 1614265330;
        const string body = "{\"test\": 2432232314}";
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookMessage.Signature([secret], id, timestamp, body));
    }

    [Fact]
    public void The_catalogue_offers_public_families_only()
    {
        Assert.True(WebhookCatalogue.Contains("news.published"));
        Assert.True(WebhookCatalogue.Contains("meeting.registration_deadline_approaching"));
        Assert.True(WebhookCatalogue.Contains("webhook.test"));
        Assert.False(WebhookCatalogue.Contains("registration.confirmed"));
        Assert.False(WebhookCatalogue.Contains("search.reindex_requested"));
        Assert.False(WebhookCatalogue.Contains("webhook.endpoint_disabled"));
        Assert.DoesNotContain(typeof(WebhookTest), WebhookCatalogue.FannedOut);
        Assert.Equal("org.rabatprocess.publication.published", WebhookCatalogue.CloudEventsType(EventTypes.NameOf<PublicationPublished>()));
    }
}
