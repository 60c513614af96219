using System.Net;
using MimeKit;
using RabatPlatform.Contracts;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.NewsletterTestApi;

namespace RabatPlatform.Tests.Integration.Newsletter;

/// <summary>
/// Every kind of mail the platform sends, through the real SMTP server and parsed back with MimeKit: the headers each
/// kind must carry (issue 20): Message-ID on the platform's domain, Content-Language, Auto-Submitted (RFC 3834),
/// List-Unsubscribe with an https URI and a mailto (RFC 8058) on subscriber mail, Precedence: bulk on the newsletter,
/// and .ics parts typed <c>text/calendar; charset=utf-8; method=…</c> (RFC 6047).
/// </summary>
[Collection(SubscriptionsCollection.Name)]
public sealed class MailHeadersTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => WaitSearchSettledAsync(platform);

    [Fact]
    public async Task Every_kind_of_mail_carries_the_headers_of_its_kind()
    {
        var client = Client(platform);
        var french = NewAddress("hdr-fr");
        var english = NewAddress("hdr-en");
        await SubscribeAndConfirmAsync(client, french, "fr");
        await SubscribeAndConfirmAsync(client, english, "en");

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await PublishAsync(platform, News(Guid.NewGuid(), "Réunion à Dakar", "Meeting in Dakar", "diaspora"));
        await PublishAsync(platform, new MeetingAnnounced(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), new MeetingData(
            "thematic-meeting", new Dictionary<string, TranslatedText> { ["en"] = new("Thematic meeting in Abidjan", null, null, "tm-abidjan") },
            today.AddDays(40), today.AddDays(41), "Abidjan", "CI", "in-person", [], [], [])));
        await PublishAsync(platform, new PublicationPublished(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), new PublicationData(
            "report", new Dictionary<string, TranslatedText>
            {
                ["fr"] = new("Rapport sur la mobilité", null, null, "rapport-mobilite"),
                ["en"] = new("Report on mobility", null, null, "report-mobility"),
            },
            today, [], [], [], null)));

        var meeting = new RegistrationMeeting(Guid.NewGuid(),
            new Dictionary<string, string> { ["fr"] = "Conférence ministérielle à Cadix", ["en"] = "Ministerial conference in Cádiz" },
            new Dictionary<string, string> { ["fr"] = "conference-cadix", ["en"] = "conference-cadiz" },
            today.AddDays(60), today.AddDays(61), "Europe/Madrid", "Cádiz", "ES", "in-person");
        var delegates = new Dictionary<string, (string Address, string Language)>();
        RegistrationData Delegate(string kind, string language)
        {
            var address = NewAddress("hdr-" + kind);
            delegates[kind] = (address, language);
            return new RegistrationData(Guid.NewGuid(), "ES", address, "Lucía", "Pérez", language, kind, meeting);
        }

        var now = DateTimeOffset.UtcNow;
        await PublishAsync(platform, new RegistrationSubmitted(Guid.NewGuid(), now, Delegate("submitted", "fr")));
        await PublishAsync(platform, new RegistrationConfirmed(Guid.NewGuid(), now, Delegate("confirmed", "fr")));
        await PublishAsync(platform, new RegistrationWaitlisted(Guid.NewGuid(), now, Delegate("waitlisted", "en"), 3));
        await PublishAsync(platform, new RegistrationPromoted(Guid.NewGuid(), now, Delegate("promoted", "en"), now.AddDays(3)));
        await PublishAsync(platform, new RegistrationRejected(Guid.NewGuid(), now, Delegate("rejected", "fr"), "Quota"));
        await PublishAsync(platform, new RegistrationCancelled(Guid.NewGuid(), now, Delegate("cancelled", "en"), "partner"));

        foreach (var (address, language) in new[] { (french, "fr"), (english, "en") })
        {
            var mails = await Mailbox.WaitForAsync(address, 4);
            Assert.Equal(4, mails.Count);
            AssertCommon(mails[0], language);
            AssertSubscriberMail(mails[0], bulk: false); // the confirmation request: one mail, asked for
            foreach (var notification in mails.Skip(1))
            {
                AssertCommon(notification, language);
                AssertSubscriberMail(notification, bulk: true);
            }
        }

        foreach (var (kind, (address, language)) in delegates)
        {
            var mail = Assert.Single(await Mailbox.WaitForAsync(address));
            AssertCommon(mail, language);
            Assert.Null(mail.Headers["List-Unsubscribe"]);
            Assert.Null(mail.Headers["Precedence"]);
            var calendars = mail.BodyParts.OfType<MimePart>().Where(p => p.ContentType.MimeType == "text/calendar").ToList();
            if (kind == "confirmed")
            {
                var ics = Assert.Single(calendars);
                Assert.Equal("utf-8", ics.ContentType.Charset, ignoreCase: true);
                Assert.Equal("PUBLISH", ics.ContentType.Parameters["method"]);
                var text = ((TextPart)ics).Text;
                Assert.Contains("METHOD:PUBLISH", text, StringComparison.Ordinal);
                Assert.Contains("Conférence ministérielle à Cadix", text, StringComparison.Ordinal);
            }
            else
            {
                Assert.Empty(calendars);
            }
        }
    }

    /// <summary>Every mail: the platform's From, a Message-ID on its domain (never the host's name), the recipient's language, auto-generated.</summary>
    private static void AssertCommon(MimeMessage mail, string language)
    {
        Assert.Equal("newsletter@rabat-process.org", mail.From.Mailboxes.Single().Address);
        var domain = mail.MessageId![(mail.MessageId!.LastIndexOf('@') + 1)..];
        Assert.Equal("rabat-process.org", domain);
        Assert.NotEqual(Dns.GetHostName(), domain, StringComparer.OrdinalIgnoreCase);
        // MimeKit parses the top-level Content-* headers into the body entity's.
        Assert.Equal(language, mail.Body!.Headers["Content-Language"]);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
        Assert.False(string.IsNullOrWhiteSpace(mail.Subject));
        Assert.NotNull(mail.TextBody);
        Assert.NotNull(mail.HtmlBody);
    }

    private static void AssertSubscriberMail(MimeMessage mail, bool bulk)
    {
        Assert.Matches(@"^<https://[^>]+/api/subscriptions/newsletter/unsubscribe\?token=[^>]+>, <mailto:unsubscribe@rabat-process\.org\?subject=[^>]+>$",
            mail.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("Rabat Process newsletter <newsletter.rabat-process.org>", mail.Headers["List-Id"]);
        Assert.Equal(bulk ? "bulk" : null, mail.Headers["Precedence"]);
    }
}
