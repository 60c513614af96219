using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabatPlatform.Contracts;
using RabatPlatform.Gateway;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Subscriptions.Features.Email;
using RabatPlatform.Subscriptions.Features.Newsletter;
using RabatPlatform.Subscriptions.Features.Notifications;
using RabatPlatform.Tests.Infrastructure;

namespace RabatPlatform.Tests.Integration.Newsletter;

/// <summary>
/// Where the links in mails point by default, with no test setting of the service's own (the fixture's service
/// sets a website's links explicitly): in Development at the local gateway, http://localhost:8080, on paths it
/// serves; elsewhere at the website.
/// </summary>
[Collection(SubscriptionsCollection.Name)]
public sealed partial class NewsletterLinkDefaultsTests(PlatformFixture platform) : IAsyncLifetime
{
    private const string LocalGateway = "http://localhost:8080";

    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task In_development_mail_links_point_at_the_local_gateway_and_resolve_through_it()
    {
        await using var development = await StandaloneSubscriptions.StartAsync("Development", kestrel: true);
        // A gateway in front of that service (and of the platform's content, meetings and publications), standing
        // for the local run's gateway at http://localhost:8080: each link's path and query must work through it.
        await using var gateway = new ServiceHost<GatewayMarker>(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ResourceNames.Messaging}"] = "amqp://guest:guest@127.0.0.1:9/",
            ["Logging:LogLevel:MassTransit"] = "None",
            [$"services:{ResourceNames.Content}:http:0"] = platform.Content.Address,
            [$"services:{ResourceNames.Meetings}:http:0"] = platform.Meetings.Address,
            [$"services:{ResourceNames.Publications}:http:0"] = platform.Publications.Address,
            [$"services:{ResourceNames.Subscriptions}:http:0"] = development.Host.Address,
            [$"services:{ResourceNames.Search}:http:0"] = platform.Search.Address,
        }).Start(kestrel: false);
        using var local = gateway.CreateClient();

        // The confirmation mail: its confirm link and its List-Unsubscribe link.
        var email = NewsletterTestApi.NewAddress("dev-links");
        var subscribed = await local.PostAsJsonAsync("/api/subscriptions/newsletter", new { email, language = "en", topics = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.Accepted, subscribed.StatusCode);
        var mail = Assert.Single(await Mailbox.WaitForAsync(email));
        var confirm = new Uri(ConfirmUrl().Match(mail.TextBody ?? "").Value);
        Assert.Equal($"{LocalGateway}/api/subscriptions/newsletter/confirm", confirm.GetLeftPart(UriPartial.Path));
        Assert.StartsWith($"<{LocalGateway}/api/subscriptions/newsletter/unsubscribe?token=", mail.Headers["List-Unsubscribe"]);
        // The link opens the page (GET) through the gateway; its button POSTs to the same route.
        Assert.Equal(HttpStatusCode.OK, (await local.GetAsync(confirm.PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await local.PostAsync(confirm.PathAndQuery, null)).StatusCode);
        Assert.Equal(SubscriberStates.Confirmed, await platform.InDbAsync<SubscriptionsDbContext, string>(development.Host.Services,
            db => db.NewsletterSubscribers.Where(s => s.Email == email).Select(s => s.State).SingleAsync()));

        // Item links, as the notification consumers build them, lead to the item's public read through the gateway.
        var secretariat = await platform.ClientAsAsync("secretariat");
        var news = await EditorialTestApi.CreateAsync(secretariat, "news", EditorialTestApi.Body("Actualité locale", "Local news"));
        await EditorialTestApi.PublishAsync(secretariat, "news", news.Id());
        await MeetingsTestApi.RegisterPartnersAsync(platform, "ES", "MA");
        var (_, meetingSlug) = await MeetingsTestApi.CreateMeetingAsync(secretariat, MeetingsTestApi.MeetingBody(TestApi.Unique("links"), platform.Clock.GetUtcNow()));
        var publicationSlug = TestApi.Unique("links");
        var publication = await PublicationsTestApi.CreateAsync(secretariat, PublicationsTestApi.Body(publicationSlug));
        await PublicationsTestApi.UploadOkAsync(secretariat, publication, PublicationsTestApi.Pdf(), "rapport.pdf", "fr");
        await PublicationsTestApi.PublishAsync(secretariat, publication);

        var fanOut = development.Host.Services.GetRequiredService<NotificationFanOut>();
        foreach (var (section, language, slug, api) in new[]
        {
            ("news", "en", news.Slug("en"), "content/news"),
            ("meetings", "fr", meetingSlug, "meetings"),
            ("publications", "en", $"{publicationSlug}-en", "publications"),
        })
        {
            var link = new Uri(fanOut.Url(language, section, slug));
            Assert.Equal($"{LocalGateway}/api/{api}/by-slug/{slug}?lang={language}", link.ToString());
            var item = await local.GetAsync(link.PathAndQuery);
            Assert.True(item.StatusCode == HttpStatusCode.OK, $"{link}: {(int)item.StatusCode} {await item.Content.ReadAsStringAsync()}");
            Assert.Equal(language, (await item.ReadJsonAsync())["language"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("Production", null, "https://www.rabat-process.org", "https://www.rabat-process.org/fr/news/x")]
    // The AppHost passes the gateway's address as Subscriptions__PublicBaseUrl: the key still wins over the default.
    [InlineData("Development", "http://localhost:17080/", "http://localhost:17080", "http://localhost:17080/api/content/news/by-slug/x?lang=fr")]
    public async Task Links_follow_the_environment_unless_configured(string environment, string? configured, string expectedBase, string expectedItem)
    {
        var settings = environment == "Production" ? StandaloneSubscriptions.ProductionSecrets() : [];
        if (configured is not null)
        {
            settings["Subscriptions:PublicBaseUrl"] = configured;
        }

        await using var service = await StandaloneSubscriptions.StartAsync(environment, settings);
        Assert.Equal($"{expectedBase}/api/subscriptions/newsletter/confirm?token=t",
            service.Host.Services.GetRequiredService<MailFactory>().ApiUrl("/confirm", "t"));
        Assert.Equal(expectedItem, service.Host.Services.GetRequiredService<NotificationFanOut>().Url("fr", "news", "x"));
    }

    [GeneratedRegex(@"https?://\S+/confirm\?token=\S+")]
    private static partial Regex ConfirmUrl();
}
