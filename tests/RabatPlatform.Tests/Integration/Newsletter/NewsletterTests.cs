using System.Net;
using System.Net.Http.Json;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Subscriptions.Features.Email;
using RabatPlatform.Tests.Infrastructure;
using static RabatPlatform.Tests.Infrastructure.NewsletterTestApi;

namespace RabatPlatform.Tests.Integration.Newsletter;

/// <summary>The newsletter through the gateway and the test SMTP server (its Maildir).</summary>
[Collection(SubscriptionsCollection.Name)]
public sealed class NewsletterTests(PlatformFixture platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => WaitSearchSettledAsync(platform);

    private Task<string> StateAsync(string email) =>
        platform.InDbAsync<SubscriptionsDbContext, string>(platform.Subscriptions.Services, async db =>
            (await db.NewsletterSubscribers.SingleAsync(s => s.Email == email)).State);

    [Fact]
    public async Task Subscribe_in_english_confirm_receive_english_news_unsubscribe_with_one_post_then_nothing_more()
    {
        var client = Client(platform);
        var email = NewAddress("en");
        var mailed = MetricCollector.Total("rabat.mail.deliveries");
        var accepted = await SubscribeAsync(client, email, "en", "news");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("pending", await StateAsync(email));

        var confirmation = (await Mailbox.WaitForAsync(email)).Single();
        await TestApi.WaitUntilAsync(
            () => Task.FromResult(MetricCollector.Total("rabat.mail.deliveries") > mailed),
            TimeSpan.FromSeconds(10), "the sent mail is counted");
        Assert.Equal("Confirm your subscription to the Rabat Process newsletter", confirmation.Subject);
        Assert.Contains("please confirm your address", confirmation.TextBody, StringComparison.Ordinal);
        Assert.Contains("<a href=", confirmation.HtmlBody, StringComparison.Ordinal);
        AssertUnsubscribeHeaders(confirmation);

        // The link opens a page (GET changes nothing, NewsletterConfirmationTests); its button POSTs.
        var confirmPath = ConfirmPath(confirmation);
        var confirmed = await client.PostAsync(confirmPath, null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("text/html", confirmed.Content.Headers.ContentType!.MediaType);
        Assert.Equal("confirmed", await StateAsync(email));
        // A replayed confirmation is harmless.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(confirmPath, null)).StatusCode);
        Assert.Equal("confirmed", await StateAsync(email));

        var first = News(Guid.NewGuid(), "Atelier sur la migration légale", "Workshop on legal migration", "legal-migration");
        await PublishAsync(platform, first);
        var mails = await Mailbox.WaitForAsync(email, 2);
        var notification = mails[1];
        Assert.Contains("Workshop on legal migration", notification.Subject, StringComparison.Ordinal);
        Assert.Contains("English summary", notification.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://www.rabat-process.test/en/news/en-", notification.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", notification.HtmlBody, StringComparison.Ordinal);
        AssertUnsubscribeHeaders(notification);

        // GET shows a page with a button and changes nothing (link scanners).
        var unsubscribe = UnsubscribePath(notification);
        var page = await client.GetAsync(unsubscribe);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("method=\"post\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("confirmed", await StateAsync(email));

        // RFC 8058 one-click: a POST with List-Unsubscribe=One-Click.
        var post = await client.PostAsync(unsubscribe,
            new FormUrlEncodedContent([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("unsubscribed", await StateAsync(email));

        var second = News(Guid.NewGuid(), "Deuxième actualité", "Second news item");
        await PublishAsync(platform, second);
        await WaitConsumedAsync(platform, second.EventId, "subscriptions-news-published-notifier");
        await WaitQueueDrainedAsync(platform);
        Assert.Equal(2, Mailbox.To(email).Count);
        var queued = await platform.InDbAsync<SubscriptionsDbContext, int>(platform.Subscriptions.Services,
            db => db.MailQueue.CountAsync(m => m.ItemKey == $"news:{second.NewsId}"));
        Assert.Equal(0, queued);
    }

    [Fact]
    public async Task Mails_are_rendered_per_language_with_a_said_fallback_and_follow_topics()
    {
        var client = Client(platform);
        var french = NewAddress("fr");
        var english = NewAddress("en");
        var meetingsOnly = NewAddress("mt");
        await SubscribeAndConfirmAsync(client, french, "fr", "news");
        await SubscribeAndConfirmAsync(client, english, "en", "trafficking");
        await SubscribeAndConfirmAsync(client, meetingsOnly, "en", "meetings");

        var frenchConfirmation = Mailbox.To(french)[0];
        Assert.Equal("Confirmez votre abonnement à la lettre du Processus de Rabat", frenchConfirmation.Subject);

        // Only French exists: the English subscriber reads French, and the mail says so.
        var news = News(Guid.NewGuid(), "Lutte contre la traite des êtres humains", null, "trafficking");
        await PublishAsync(platform, news);
        var toFrench = (await Mailbox.WaitForAsync(french, 2))[1];
        Assert.Contains("Lutte contre la traite", toFrench.Subject, StringComparison.Ordinal);
        Assert.Contains("Actualité", toFrench.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("n'existe pas encore", toFrench.TextBody, StringComparison.Ordinal);
        Assert.Contains("Se désabonner", toFrench.TextBody, StringComparison.Ordinal);

        var toEnglish = (await Mailbox.WaitForAsync(english, 2))[1];
        Assert.Contains("Lutte contre la traite", toEnglish.Subject, StringComparison.Ordinal);
        Assert.Contains("not available in English yet; here is the French version", toEnglish.TextBody, StringComparison.Ordinal);
        Assert.Contains("not available in English yet", toEnglish.HtmlBody, StringComparison.Ordinal);

        // English only, to a French reader.
        var meeting = new MeetingAnnounced(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), new MeetingData(
            "thematic-meeting",
            new Dictionary<string, TranslatedText> { ["en"] = new("Thematic meeting in Dakar", "On diaspora", null, "thematic-meeting-dakar") },
            new DateOnly(2027, 3, 10), new DateOnly(2027, 3, 11), "Dakar", "SN", "in-person", ["SN"], ["diaspora"], [19]));
        await PublishAsync(platform, meeting);
        var meetingMail = (await Mailbox.WaitForAsync(meetingsOnly, 2))[1];
        Assert.Contains("New meeting", meetingMail.Subject, StringComparison.Ordinal);
        Assert.Contains("/en/meetings/thematic-meeting-dakar", meetingMail.TextBody, StringComparison.Ordinal);

        await WaitConsumedAsync(platform, meeting.EventId, "subscriptions-meeting-announced-notifier");
        await WaitQueueDrainedAsync(platform);
        Assert.Equal(2, Mailbox.To(french).Count);      // topics: news only
        Assert.Equal(2, Mailbox.To(english).Count);     // topics: trafficking only
        Assert.Single(Mailbox.To(meetingsOnly), m => (m.Subject ?? "").Contains("Dakar", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_subscriber_gets_an_item_exactly_once_whatever_the_redeliveries()
    {
        var client = Client(platform);
        var email = NewAddress("once");
        await SubscribeAndConfirmAsync(client, email, "fr", "publications", "news");

        var publication = new PublicationPublished(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), new PublicationData(
            "report", new Dictionary<string, TranslatedText> { ["fr"] = new("Rapport annuel", null, null, "rapport-annuel") },
            new DateOnly(2026, 11, 1), ["MA"], ["data"], [1], null));
        await PublishAsync(platform, publication);
        await PublishAsync(platform, publication);                 // the same event redelivered
        var republished = publication with { EventId = Guid.NewGuid() }; // the same item announced again
        await PublishAsync(platform, republished);
        await WaitConsumedAsync(platform, publication.EventId, "subscriptions-publication-published-notifier");
        await WaitConsumedAsync(platform, republished.EventId, "subscriptions-publication-published-notifier");
        await WaitQueueDrainedAsync(platform);

        var mails = await Mailbox.WaitForAsync(email, 2);
        Assert.Equal(2, mails.Count);
        Assert.Contains("Nouvelle publication", mails[1].Subject, StringComparison.Ordinal);
        var rows = await platform.InDbAsync<SubscriptionsDbContext, int>(platform.Subscriptions.Services,
            db => db.MailQueue.CountAsync(m => m.ItemKey == $"publication:{publication.PublicationId}"));
        Assert.Equal(1, rows);
        var log = await platform.InDbAsync<SubscriptionsDbContext, List<string>>(platform.Subscriptions.Services,
            db => db.MailDeliveryLog.Where(l => l.Kind == "notification").Select(l => l.Outcome).ToListAsync());
        Assert.Equal(["sent"], log);
    }

    [Fact]
    public async Task Archive_items_old_publications_and_past_meetings_are_not_mailed()
    {
        var client = Client(platform);
        var email = NewAddress("archive");
        await SubscribeAndConfirmAsync(client, email, "fr", "publications", "meetings", "news");

        var now = DateTimeOffset.UtcNow;
        var oldPublication = new PublicationPublished(Guid.NewGuid(), now, Guid.NewGuid(), new PublicationData(
            "study", new Dictionary<string, TranslatedText> { ["fr"] = new("Étude de 2019", null, null, "etude-2019") },
            new DateOnly(2019, 6, 1), [], [], [], null));
        var pastMeeting = new MeetingAnnounced(Guid.NewGuid(), now, Guid.NewGuid(), new MeetingData(
            "thematic-meeting", new Dictionary<string, TranslatedText> { ["fr"] = new("Réunion de Madrid", null, null, "reunion-madrid") },
            new DateOnly(2022, 7, 5), new DateOnly(2022, 7, 6), "Madrid", "ES", "in-person", ["ES", "MA"], [], []));
        var oldNews = News(Guid.NewGuid(), "Actualité de 2017", null) with { PublishedAt = now.AddYears(-9) };
        await PublishAsync(platform, oldPublication);
        await PublishAsync(platform, pastMeeting);
        await PublishAsync(platform, oldNews);
        await WaitConsumedAsync(platform, oldPublication.EventId, "subscriptions-publication-published-notifier");
        await WaitConsumedAsync(platform, pastMeeting.EventId, "subscriptions-meeting-announced-notifier");
        await WaitConsumedAsync(platform, oldNews.EventId, "subscriptions-news-published-notifier");
        await WaitQueueDrainedAsync(platform);

        var queued = await platform.InDbAsync<SubscriptionsDbContext, int>(platform.Subscriptions.Services,
            db => db.MailQueue.CountAsync(m => m.Kind == "notification"));
        Assert.Equal(0, queued);
        Assert.Single(Mailbox.To(email)); // the confirmation request only
    }

    [Fact]
    public async Task Registration_events_mail_the_delegate_in_their_language_with_the_ics_on_confirmation()
    {
        var englishDelegate = NewAddress("delegate");
        var frenchDelegate = NewAddress("delegue");
        var meeting = new RegistrationMeeting(Guid.NewGuid(),
            new Dictionary<string, string> { ["fr"] = "Réunion des hauts fonctionnaires", ["en"] = "Senior Officials Meeting" },
            new Dictionary<string, string> { ["fr"] = "rhf", ["en"] = "som" },
            new DateOnly(2027, 5, 4), new DateOnly(2027, 5, 5), "Africa/Casablanca", "Rabat", "MA", "in-person");
        var confirmed = new RegistrationConfirmed(Guid.NewGuid(), DateTimeOffset.UtcNow,
            new RegistrationData(Guid.NewGuid(), "MA", englishDelegate, "Amina", "Alaoui", "en", "confirmed", meeting));
        var promoted = new RegistrationPromoted(Guid.NewGuid(), DateTimeOffset.UtcNow,
            new RegistrationData(Guid.NewGuid(), "SN", frenchDelegate, "Moussa", "Diop", "fr", "offered", meeting),
            new DateTimeOffset(2027, 4, 20, 12, 0, 0, TimeSpan.Zero));
        await PublishAsync(platform, confirmed);
        await PublishAsync(platform, confirmed); // redelivered: still one mail
        await PublishAsync(platform, promoted);

        var mail = (await Mailbox.WaitForAsync(englishDelegate)).Single();
        Assert.Equal("Registration confirmed – Senior Officials Meeting", mail.Subject);
        Assert.Contains("Dear Amina Alaoui", mail.TextBody, StringComparison.Ordinal);
        var ics = Assert.Single(mail.Attachments.OfType<MimePart>(), a => a.ContentType.MimeType == "text/calendar");
        Assert.Equal("meeting.ics", ics.FileName);
        using var stream = new MemoryStream();
        await ics.Content!.DecodeToAsync(stream);
        var calendar = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("BEGIN:VCALENDAR", calendar, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Senior Officials Meeting", calendar, StringComparison.Ordinal);
        Assert.Contains("DTSTART;VALUE=DATE:20270504", calendar, StringComparison.Ordinal);
        Assert.Contains("DTEND;VALUE=DATE:20270506", calendar, StringComparison.Ordinal);

        var offer = (await Mailbox.WaitForAsync(frenchDelegate)).Single();
        Assert.Equal("Une place vous est proposée – Réunion des hauts fonctionnaires", offer.Subject);
        Assert.Contains("L'offre expire le 20 avril 2027 12:00 UTC", offer.TextBody, StringComparison.Ordinal);
        Assert.Empty(offer.Attachments);

        await WaitConsumedAsync(platform, promoted.EventId, "subscriptions-registration-promoted-mailer");
        await WaitQueueDrainedAsync(platform);
        Assert.Single(Mailbox.To(englishDelegate));
    }

    [Fact]
    public async Task A_permanent_recipient_failure_bounces_the_subscriber_and_a_temporary_one_is_retried_later()
    {
        var client = Client(platform);
        var email = NewAddress("bounce");
        await SubscribeAndConfirmAsync(client, email, "en");
        var (subscriberId, mailId, tempId) = await platform.InDbAsync<SubscriptionsDbContext, (Guid, Guid, Guid)>(
            platform.Subscriptions.Services, async db =>
            {
                var s = await db.NewsletterSubscribers.SingleAsync(x => x.Email == email);
                // Rows held by a (pretend) sender: state sending, locked far ahead, so the real sender leaves them alone.
                var now = DateTimeOffset.UtcNow;
                QueuedMail Row(string item) => new()
                {
                    Id = Guid.NewGuid(), Kind = MailKinds.Notification, SubscriberId = s.Id, ItemKey = item, State = MailStates.Sending,
                    Attempts = 1, NextAttemptAt = now, LockedUntil = now.AddDays(1), CreatedAt = now,
                };
                var bounced = Row("news:" + Guid.NewGuid());
                var temporary = Row("news:" + Guid.NewGuid());
                db.MailQueue.AddRange(bounced, temporary);
                await db.SaveChangesAsync();
                return (s.Id, bounced.Id, temporary.Id);
            });

        await using (var scope = platform.Subscriptions.Services.CreateAsyncScope())
        {
            var recorder = scope.ServiceProvider.GetRequiredService<DeliveryRecorder>();
            var db = scope.ServiceProvider.GetRequiredService<SubscriptionsDbContext>();
            var temp = await db.MailQueue.AsNoTracking().SingleAsync(m => m.Id == tempId);
            await recorder.FailedAsync(temp, new SmtpCommandException(
                SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxBusy, new MailboxAddress(null, email), "450 try later"), default);
            var perm = await db.MailQueue.AsNoTracking().SingleAsync(m => m.Id == mailId);
            await recorder.FailedAsync(perm, new SmtpCommandException(
                SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, new MailboxAddress(null, email), "550 no such user"), default);
        }

        var (state, rows, log) = await platform.InDbAsync<SubscriptionsDbContext, (string, List<QueuedMail>, List<DeliveryLogEntry>)>(
            platform.Subscriptions.Services, async db => (
                (await db.NewsletterSubscribers.SingleAsync(s => s.Id == subscriberId)).State,
                await db.MailQueue.AsNoTracking().Where(m => m.Id == mailId || m.Id == tempId).ToListAsync(),
                await db.MailDeliveryLog.AsNoTracking().Where(l => l.MailId == mailId || l.MailId == tempId).ToListAsync()));
        Assert.Equal("bounced", state);
        Assert.Equal(MailStates.Failed, rows.Single(r => r.Id == mailId).State);
        var retried = rows.Single(r => r.Id == tempId);
        Assert.Equal(MailStates.Queued, retried.State);
        Assert.True(retried.NextAttemptAt > retried.CreatedAt);
        Assert.Contains(log, l => l.MailId == mailId && l.Outcome == "permanent-failure" && l.SmtpStatus == 550);
        Assert.Contains(log, l => l.MailId == tempId && l.Outcome == "temporary-failure" && l.SmtpStatus == 450);

        // A bounced subscriber gets no more notifications (the retried row is cancelled when its turn comes).
        await WaitQueueDrainedAsync(platform);
        Assert.Single(Mailbox.To(email));
        var stats = await (await platform.ClientAsAsync("secretariat")).GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(
            "/api/subscriptions/newsletter/stats");
        Assert.Equal(1, stats!["byState"]!["bounced"]!.GetValue<int>());
    }

    [Fact]
    public async Task Preferences_export_erasure_and_a_fresh_subscription_afterwards()
    {
        var client = Client(platform);
        var email = NewAddress("gdpr");
        var token = await SubscribeAndConfirmAsync(client, email, "fr", "news");

        var preferences = await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/subscriptions/newsletter/preferences?token={Q(token)}");
        Assert.Equal(email, preferences!["email"]!.GetValue<string>());
        Assert.Equal("confirmed", preferences["state"]!.GetValue<string>());

        var put = await client.PutAsJsonAsync($"/api/subscriptions/newsletter/preferences?token={Q(token)}",
            new { language = "en", topics = new[] { "cadiz-2023.d2", "meetings", "youth" } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var updated = await put.ReadJsonAsync();
        Assert.Equal("en", updated["language"]!.GetValue<string>());
        Assert.Equal(3, updated["topics"]!.AsArray().Count);

        var badPut = await client.PutAsJsonAsync($"/api/subscriptions/newsletter/preferences?token={Q(token)}",
            new { language = "de", topics = new[] { "cooking" } });
        Assert.Equal(HttpStatusCode.BadRequest, badPut.StatusCode);
        var errors = (await badPut.ReadJsonAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("language"));
        Assert.True(errors.ContainsKey("topics[0]"));

        var export = await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/subscriptions/newsletter/export?token={Q(token)}");
        Assert.Equal(email, export!["email"]!.GetValue<string>());
        Assert.NotNull(export["consentAt"]);
        Assert.Equal(64, export["consentIpHash"]!.GetValue<string>().Length);
        Assert.Equal(64, export["emailHash"]!.GetValue<string>().Length);
        Assert.Equal("confirmation", export["mails"]![0]!["kind"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/subscriptions/newsletter?token={Q(token)}")).StatusCode);
        var erased = await platform.InDbAsync<SubscriptionsDbContext, RabatPlatform.Subscriptions.Data.Subscriber>(
            platform.Subscriptions.Services, db => db.NewsletterSubscribers.AsNoTracking().SingleAsync());
        Assert.Equal("erased", erased.State);
        Assert.Null(erased.Email);
        Assert.Null(erased.ConsentIpHash);
        Assert.Empty(erased.Topics);
        Assert.Equal(0, await platform.InDbAsync<SubscriptionsDbContext, int>(platform.Subscriptions.Services, db => db.MailQueue.CountAsync()));

        // Every old link is dead: replaying the confirmation or the manage token does nothing.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(ConfirmPath(Mailbox.To(email)[0]))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/subscriptions/newsletter/export?token={Q(token)}")).StatusCode);
        Assert.Equal("erased", (await platform.InDbAsync<SubscriptionsDbContext, RabatPlatform.Subscriptions.Data.Subscriber>(
            platform.Subscriptions.Services, db => db.NewsletterSubscribers.AsNoTracking().SingleAsync())).State);

        // A fresh, explicit subscription starts a new double opt-in.
        await SubscribeAndConfirmAsync(client, email, "en");
        Assert.Equal("confirmed", await StateAsync(email));
        Assert.Equal(2, Mailbox.To(email).Count);
    }

    [Fact]
    public async Task Bad_inputs_get_problem_details_or_a_neutral_page_and_the_answer_never_tells_a_known_address()
    {
        var client = Client(platform);
        foreach (var bad in new[] { "not-an-email", "a@b", "<a@example.org>", "a@example.org\r\nBcc: x@example.org",
                     "Name <a@example.org>", "a@example.org, b@example.org", new string('a', 243) + "@example.org", "" })
        {
            var response = await SubscribeAsync(client, bad, "en");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.True((await response.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("email"), bad);
        }

        var wrong = await SubscribeAsync(client, NewAddress(), "de", "cooking", "news");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var errors = (await wrong.ReadJsonAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("language"));
        Assert.True(errors.ContainsKey("topics[0]"));
        Assert.False(errors.ContainsKey("topics[1]"));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/subscriptions/newsletter",
            new StringContent("{", System.Text.Encoding.UTF8, "application/json"))).StatusCode);

        // Same answer for a new and a known address.
        var email = NewAddress("known");
        var firstBody = await (await SubscribeAsync(client, email, "fr")).Content.ReadAsStringAsync();
        var again = await SubscribeAsync(client, email, "fr");
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());

        // Forged tokens.
        var confirmation = (await Mailbox.WaitForAsync(email)).Single(); // the second request within minutes sent nothing more
        var manage = ManageToken(confirmation);
        var forged = manage[..^3] + (manage[^3] == 'A' ? "BBB" : "AAA");
        foreach (var token in new[] { forged, "garbage", "a.b", "" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/subscriptions/newsletter/confirm?token={Q(token)}")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/subscriptions/newsletter/unsubscribe?token={Q(token)}")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"/api/subscriptions/newsletter/unsubscribe?token={Q(token)}", null)).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/subscriptions/newsletter/preferences?token={Q(token)}")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await client.DeleteAsync($"/api/subscriptions/newsletter?token={Q(token)}")).StatusCode);
        }

        // A manage token cannot confirm (purpose-bound).
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/subscriptions/newsletter/confirm?token={Q(manage)}")).StatusCode);

        // An expired confirmation link.
        platform.Clock.Advance(TimeSpan.FromDays(8));
        var expired = await client.GetAsync(ConfirmPath(confirmation));
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains("Lien invalide ou expir", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("pending", await StateAsync(email));

        // Statistics are the Secretariat's.
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Client.GetAsync("/api/subscriptions/newsletter/stats")).StatusCode);
        var stats = await (await platform.ClientAsAsync("secretariat")).GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(
            "/api/subscriptions/newsletter/stats");
        Assert.Equal(1, stats!["byState"]!["pending"]!.GetValue<int>());
        Assert.Equal(1, stats["byLanguage"]!["fr"]!.GetValue<int>());
    }

    private static void AssertUnsubscribeHeaders(MimeMessage message)
    {
        var header = message.Headers["List-Unsubscribe"];
        Assert.Matches(@"^<https://www\.rabat-process\.test/api/subscriptions/newsletter/unsubscribe\?token=[^>]+>, <mailto:unsubscribe@rabat-process\.org\?subject=[^>]+>$", header);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.NotNull(message.TextBody);
        Assert.NotNull(message.HtmlBody);
    }
}
