using System.Security.Cryptography;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Subscriptions.Features.Email;

namespace RabatPlatform.Tests.Unit;

/// <summary>The optional DKIM signature (<c>Email:Dkim</c>), checked by MimeKit's own verifier against the published key.</summary>
public sealed class MailSigningUnitTests
{
    private static (MailFactory Factory, string PublicKeyRecord) Factory(bool dkim, string? pem = null, string? path = null)
    {
        using var rsa = RSA.Create(2048);
        var email = new EmailOptions
        {
            Dkim = new DkimOptions
            {
                Enabled = dkim, Domain = "rabat-process.org", Selector = "mail2026",
                PrivateKey = path is null ? pem ?? rsa.ExportRSAPrivateKeyPem() : null, PrivateKeyPath = path,
            },
        };
        var newsletter = Options.Create(new NewsletterOptions { PublicBaseUrl = "https://www.rabat-process.test" });
        var tokens = new NewsletterTokens(newsletter, new HostingEnvironment { EnvironmentName = "Development" }, TimeProvider.System);
        var factory = new MailFactory(newsletter, Options.Create(email), tokens, new MailSigner(Options.Create(email)));
        return (factory, $"v=DKIM1; k=rsa; p={Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())}");
    }

    private static Subscriber Subscriber() => new()
    {
        Id = Guid.NewGuid(), Email = "lecteur@example.org", Language = "fr", Stamp = NewsletterTokens.NewStamp(), State = SubscriberStates.Confirmed,
    };

    private static RenderedMail Mail() => MailTemplates.Notification("fr", "news",
        new NotificationText("Réunion à Dakar : « coopération »", "Résumé accentué — été", "https://www.rabat-process.test/fr/news/x"),
        false, "https://p", "https://u");

    [Fact]
    public async Task A_signed_newsletter_and_a_registration_mail_with_its_calendar_verify_against_the_published_key()
    {
        var (factory, record) = Factory(dkim: true);
        var meeting = new RegistrationMeeting(Guid.NewGuid(), new Dictionary<string, string> { ["fr"] = "Conférence à Cadix" },
            new Dictionary<string, string> { ["fr"] = "cadix" }, new DateOnly(2027, 5, 4), new DateOnly(2027, 5, 5), "Europe/Madrid", "Cádiz", "ES", "in-person");
        var messages = new[]
        {
            factory.ForSubscriber(Subscriber(), (_, _) => Mail()),
            factory.Build(new MailboxAddress("Lucía Pérez", "lucia@example.org"), "fr", Mail(),
                [factory.Calendar(meeting, "fr", MeetingCalendarPart.Publish, DateTimeOffset.UtcNow)]),
        };

        var verifier = new DkimVerifier(new Locator(record));
        foreach (var built in messages)
        {
            // As the queue stores it and the SMTP server receives it: bytes, parsed again.
            using var stream = new MemoryStream(MailFactory.ToBytes(built));
            var message = await MimeMessage.LoadAsync(stream);
            var signature = Assert.Single(message.Headers, h => h.Id == HeaderId.DkimSignature);
            Assert.Contains("d=rabat-process.org", signature.Value, StringComparison.Ordinal);
            Assert.Contains("s=mail2026", signature.Value, StringComparison.Ordinal);
            Assert.Contains("a=rsa-sha256", signature.Value, StringComparison.Ordinal);
            foreach (var header in new[] { "from", "subject", "message-id", "content-language", "auto-submitted" })
            {
                Assert.Contains(header, signature.Value.ToLowerInvariant(), StringComparison.Ordinal);
            }

            Assert.True(await verifier.VerifyAsync(message, signature), "the DKIM signature verifies");

            // Any change to a signed header or the body breaks it.
            message.Subject += " (modifié)";
            Assert.False(await verifier.VerifyAsync(message, signature));
        }

        Assert.Contains("list-unsubscribe-post", messages[0].Headers[HeaderId.DkimSignature]!.ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_may_come_from_a_pem_file_and_signing_is_off_by_default()
    {
        var path = Path.GetTempFileName();
        try
        {
            using var rsa = RSA.Create(2048);
            File.WriteAllText(path, rsa.ExportPkcs8PrivateKeyPem());
            var (signed, _) = Factory(dkim: true, path: path);
            Assert.NotNull(signed.ForSubscriber(Subscriber(), (_, _) => Mail()).Headers[HeaderId.DkimSignature]);
        }
        finally
        {
            File.Delete(path);
        }

        var (unsigned, _) = Factory(dkim: false);
        Assert.Null(unsigned.ForSubscriber(Subscriber(), (_, _) => Mail()).Headers[HeaderId.DkimSignature]);
        Assert.False(new DkimOptions { Enabled = true, Domain = "rabat-process.org", Selector = "s" }.IsValid);
        Assert.True(new DkimOptions().IsValid);
    }

    /// <summary>What DNS would answer for <c>mail2026._domainkey.rabat-process.org</c>.</summary>
    private sealed class Locator(string record) : DkimPublicKeyLocatorBase
    {
        public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            domain == "rabat-process.org" && selector == "mail2026" ? GetPublicKey(record) : throw new InvalidOperationException($"no key for {selector}._domainkey.{domain}");

        public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }
}
