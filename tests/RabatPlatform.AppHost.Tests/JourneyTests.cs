using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MimeKit;

namespace RabatPlatform.AppHost.Tests;

/// <summary>Journeys of the platform's users through the gateway of the platform the AppHost started.</summary>
[Collection(AppHostCollection.Name)]
public sealed class JourneyTests(AppHostFixture platform)
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Published_news_is_found_by_the_search_in_both_languages()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var marker = Marker();
        var created = await secretariat.PostAsJsonAsync("/api/content/news", new
        {
            translations = new
            {
                fr = new { title = $"Réunion thématique sur la gestion des frontières {marker}", summary = "Madrid, 5-6 juillet 2022" },
                en = new { title = $"Thematic meeting on border management {marker}", summary = "Madrid, 5-6 July 2022" },
            },
            tags = new[] { "border-management" },
        });
        var news = await ReadAsync(created, HttpStatusCode.Created);
        var id = news["id"]!.GetValue<Guid>();
        await ReadAsync(await secretariat.PostAsync($"/api/content/news/{id}/publish", null), HttpStatusCode.OK);

        foreach (var (query, lang) in new[] { ($"frontieres {marker}", "fr"), ($"border {marker}", "en") })
        {
            await AppHostFixture.WaitUntilAsync(async () =>
            {
                var search = await platform.Gateway.GetFromJsonAsync<JsonObject>($"/api/search?q={Uri.EscapeDataString(query)}&lang={lang}");
                return search!["total"]!.GetValue<int>() == 1;
            }, EventTimeout, $"the search finds '{query}' in {lang}");
        }
    }

    [Fact]
    public async Task A_registered_delegate_receives_the_mail_with_the_meeting_calendar()
    {
        var secretariat = await platform.ClientAsAsync("secretariat");
        var partner = "SN";
        var partnerCreated = await secretariat.PostAsJsonAsync("/api/content/partners", new
        {
            code = partner, type = "country", status = "partner", memberSince = "2006-07-10",
            names = new Dictionary<string, string> { ["fr"] = "Sénégal", ["en"] = "Senegal" },
        });
        Assert.True(partnerCreated.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await partnerCreated.Content.ReadAsStringAsync());

        var marker = Marker();
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60);
        var meetingBody = new JsonObject
        {
            ["kind"] = "thematic-meeting",
            ["status"] = "announced",
            ["translations"] = new JsonObject
            {
                ["fr"] = new JsonObject { ["title"] = $"Réunion thématique {marker}", ["summary"] = "Dakar" },
                ["en"] = new JsonObject { ["title"] = $"Thematic meeting {marker}", ["summary"] = "Dakar" },
            },
            ["startDate"] = start.ToString("yyyy-MM-dd"),
            ["endDate"] = start.AddDays(1).ToString("yyyy-MM-dd"),
            ["timeZone"] = "Africa/Dakar",
            ["city"] = "Dakar",
            ["countryCode"] = "SN",
            ["format"] = "in-person",
            ["coChairs"] = new JsonArray("SN"),
            ["themes"] = new JsonArray("border-management"),
            ["capacity"] = 50,
            ["delegationQuota"] = 10,
            ["moderated"] = false,
            ["registrationOpensAt"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("O"),
            ["registrationDeadline"] = DateTimeOffset.UtcNow.AddDays(30).ToString("O"),
        };

        // The partner reaches the meetings service by its event: until then it is an unknown co-chair.
        HttpResponseMessage created = null!;
        await AppHostFixture.WaitUntilAsync(async () =>
        {
            created = await secretariat.PostAsJsonAsync("/api/meetings", meetingBody.DeepClone());
            return created.StatusCode != HttpStatusCode.UnprocessableEntity;
        }, EventTimeout, "the meetings service knows the partner");
        var meeting = await ReadAsync(created, HttpStatusCode.Created);
        var meetingId = meeting["id"]!.GetValue<Guid>();

        var focalPoint = await platform.ClientAsAsync("partner", partner);
        var email = $"delegate-{marker}@example.org";
        var delegateBody = new
        {
            partnerCode = partner, givenName = "Moussa", familyName = "Diop", email, function = "Directeur",
            organisation = "Ministère", language = "en", participation = "in-person",
        };
        await ReadAsync(await focalPoint.PostAsJsonAsync($"/api/meetings/{meetingId}/registrations", delegateBody), HttpStatusCode.Created);

        // The registration is confirmed at once (no moderation): the delegate's mail carries the meeting's calendar.
        MimeMessage? mail = null;
        await AppHostFixture.WaitUntilAsync(() =>
        {
            mail = MailTo(email).FirstOrDefault(m => m.Attachments.OfType<MimePart>().Any(part => part.ContentType.MimeType == "text/calendar"));
            return Task.FromResult(mail is not null);
        }, EventTimeout, $"a mail with the meeting's calendar reaches {email}");
        Assert.Contains(marker, mail!.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_endpoint_on_the_developers_machine_receives_a_signed_delivery()
    {
        using var receiver = new HttpListener();
        var port = FreePort();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        receiver.Start();
        var received = ReceiveOneAsync(receiver);

        // In Development the local run accepts http and loopback targets, as a partner developer needs.
        var secretariat = await platform.ClientAsAsync("secretariat");
        var endpoint = await ReadAsync(await secretariat.PostAsJsonAsync("/api/subscriptions/webhooks", new
        {
            url = $"http://127.0.0.1:{port}/hook", description = "A partner developer's receiver",
            eventTypes = new[] { "news.published" }, partnerCode = "MA",
        }), HttpStatusCode.Created);
        var id = endpoint["endpoint"]!["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.Accepted, (await secretariat.PostAsync($"/api/subscriptions/webhooks/{id}/test", null)).StatusCode);

        var (headers, body) = await received.WaitAsync(EventTimeout);
        Assert.False(string.IsNullOrEmpty(headers["webhook-id"]));
        Assert.StartsWith("v1,", headers["webhook-signature"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(body));
    }

    private static async Task<(System.Collections.Specialized.NameValueCollection Headers, string Body)> ReceiveOneAsync(HttpListener listener)
    {
        var context = await listener.GetContextAsync();
        using var reader = new StreamReader(context.Request.InputStream);
        var body = await reader.ReadToEndAsync();
        context.Response.StatusCode = 204;
        context.Response.Close();
        return (context.Request.Headers, body);
    }

    private List<MimeMessage> MailTo(string address)
    {
        var found = new List<MimeMessage>();
        foreach (var folder in new[] { "new", "cur" })
        {
            var path = Path.Combine(platform.Maildir, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(path))
            {
                try
                {
                    var message = MimeMessage.Load(file);
                    if (message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase)))
                    {
                        found.Add(message);
                    }
                }
                catch (IOException)
                {
                    // being written
                }
            }
        }

        return found;
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>A word of letters only (a hex word like 3e5 would be read as a number).</summary>
    private static string Marker() => new([.. Guid.NewGuid().ToByteArray().Take(10).Select(b => (char)('a' + (b % 26)))]);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
