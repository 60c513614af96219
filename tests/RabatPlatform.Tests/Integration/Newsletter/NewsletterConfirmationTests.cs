using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.NewsletterTestApi;

namespace RabatPlatform.Tests.Integration.Newsletter;

/// <summary>
/// The confirmation link of the double opt-in: mail security scanners follow every link of a mail, so a GET
/// must only show a page whose button POSTs; the POST confirms.
/// </summary>
[Collection(SubscriptionsCollection.Name)]
public sealed partial class NewsletterConfirmationTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<string> StateAsync(string email) =>
        platform.InDbAsync<SubscriptionsDbContext, string>(platform.Subscriptions.Services, async db =>
            (await db.NewsletterSubscribers.SingleAsync(s => s.Email == email)).State);

    [Fact]
    public async Task A_link_scanner_following_the_confirmation_link_does_not_confirm_the_subscription()
    {
        var client = Client(platform);
        var email = NewAddress("scanned");
        Assert.Equal(HttpStatusCode.Accepted, (await SubscribeAsync(client, email, "en", "news")).StatusCode);
        var confirmation = (await Mailbox.WaitForAsync(email)).Single();
        var confirmPath = ConfirmPath(confirmation);

        // A scanner (or a prefetching mail client) GETs the link, twice: a page in the subscriber's language
        // with a form that POSTs to the same route, and nothing changes.
        foreach (var _ in new[] { 1, 2 })
        {
            var page = await client.GetAsync(confirmPath);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
            Assert.Contains("method=\"post\"", html, StringComparison.Ordinal);
            Assert.Contains("Confirm my subscription", html, StringComparison.Ordinal);
            Assert.Equal("pending", await StateAsync(email));
        }

        // The person presses the button: the browser POSTs the form to its action, resolved against the page.
        var html2 = await (await client.GetAsync(confirmPath)).Content.ReadAsStringAsync();
        var action = WebUtility.HtmlDecode(FormAction().Match(html2).Groups[1].Value);
        var target = new Uri(new Uri("http://gateway" + confirmPath), action).PathAndQuery;
        Assert.Equal(confirmPath, target); // same origin, same route, same token
        var confirmed = await client.PostAsync(target, new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Subscription confirmed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("confirmed", await StateAsync(email));
        // A replayed POST is harmless, and a later GET says it is done.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(target, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(confirmPath)).StatusCode);
        Assert.Equal("confirmed", await StateAsync(email));

        // The POST is documented in the subscriptions service's OpenAPI document, beside the GET.
        var openApi = JsonNode.Parse(await platform.Client.GetStringAsync("/openapi/subscriptions.json"))!;
        var route = openApi["paths"]!["/api/subscriptions/newsletter/confirm"]!.AsObject();
        Assert.True(route.ContainsKey("get"));
        Assert.True(route.ContainsKey("post"));
    }

    [Fact]
    public async Task A_forged_or_expired_confirmation_token_is_refused_on_the_page_and_on_the_post()
    {
        var client = Client(platform);
        var email = NewAddress("forged");
        Assert.Equal(HttpStatusCode.Accepted, (await SubscribeAsync(client, email, "fr")).StatusCode);
        var confirmation = (await Mailbox.WaitForAsync(email)).Single();
        var manage = ManageToken(confirmation);
        var forged = manage[..^3] + (manage[^3] == 'A' ? "BBB" : "AAA");
        foreach (var token in new[] { forged, manage, "garbage", "" })
        {
            var path = $"/api/subscriptions/newsletter/confirm?token={Q(token)}";
            var page = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
            Assert.DoesNotContain("<form", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(path, new FormUrlEncodedContent([]))).StatusCode);
        }

        platform.Clock.Advance(TimeSpan.FromDays(8));
        var expiredPage = await client.GetAsync(ConfirmPath(confirmation));
        Assert.Equal(HttpStatusCode.BadRequest, expiredPage.StatusCode);
        Assert.Contains("Lien invalide ou expir", await expiredPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(ConfirmPath(confirmation), null)).StatusCode);
        Assert.Equal("pending", await StateAsync(email));
    }

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]*)\"")]
    private static partial Regex FormAction();
}
