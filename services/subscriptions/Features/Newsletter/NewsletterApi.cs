using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Subscriptions.Features.Email;

namespace RabatPlatform.Subscriptions.Features.Newsletter;

/// <summary>The newsletter endpoints under <c>/api/subscriptions/newsletter</c>; all public except the statistics.</summary>
public static class NewsletterApi
{
    /// <summary>A confirmation is re-sent to a pending address at most this often.</summary>
    private static readonly TimeSpan ResendInterval = TimeSpan.FromMinutes(5);

    public static RouteGroupBuilder MapNewsletterApi(this RouteGroupBuilder api)
    {
        var newsletter = api.MapGroup("/newsletter").WithTags("Newsletter");
        newsletter.MapPost("/", SubscribeAsync);
        newsletter.MapGet("/confirm", ConfirmAsync);
        newsletter.MapPost("/confirm", ConfirmAsync);
        newsletter.MapGet("/unsubscribe", UnsubscribePageAsync);
        newsletter.MapPost("/unsubscribe", UnsubscribeAsync).DisableAntiforgery();
        newsletter.MapGet("/preferences", GetPreferencesAsync);
        newsletter.MapPut("/preferences", PutPreferencesAsync);
        newsletter.MapGet("/export", ExportAsync);
        newsletter.MapDelete("/", EraseAsync);
        newsletter.MapGet("/stats", StatsAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        return api;
    }

    internal static async Task<Results<Accepted<SubscribeAccepted>, ValidationProblem>> SubscribeAsync(
        HttpContext http, SubscribeRequest? request, SubscriptionsDbContext db, NewsletterTokens tokens, MailFactory mails,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var requestLanguage = RequestLanguage.Resolve(http);
        var errors = new ValidationErrors(requestLanguage);
        if (!MailFactory.TryParseAddress(request?.Email, out _))
        {
            errors.Add("email", "Adresse électronique invalide (au plus 254 caractères).", "Invalid email address (at most 254 characters).");
        }

        var language = CheckLanguage(request?.Language, errors);
        var topics = CheckTopics(request?.Topics, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var email = request!.Email!;
        var now = time.GetUtcNow();
        var hash = tokens.HashEmail(email);
        var subscriber = await db.NewsletterSubscribers.FirstOrDefaultAsync(s => s.EmailHash == hash, cancellationToken);
        var send = true;
        if (subscriber is null)
        {
            subscriber = new Subscriber { Id = Guid.CreateVersion7(now), EmailHash = hash, CreatedAt = now };
            db.NewsletterSubscribers.Add(subscriber);
            Restart(subscriber);
        }
        else if (subscriber.State == SubscriberStates.Confirmed)
        {
            send = false; // already subscribed: nothing changes, and the answer says nothing about it
        }
        else if (subscriber.State == SubscriberStates.Pending)
        {
            send = subscriber.RequestedAt is not { } last || now - last >= ResendInterval;
            if (send)
            {
                Restart(subscriber);
            }
        }
        else
        {
            // unsubscribed, bounced or erased: an explicit new request starts a new double opt-in.
            Restart(subscriber);
        }

        if (send)
        {
            var confirm = tokens.Create(TokenPurpose.Confirm, subscriber.Id, subscriber.Stamp);
            var message = mails.ForSubscriber(subscriber, (preferences, unsubscribe) =>
                MailTemplates.Confirmation(subscriber.Language, mails.ApiUrl("/confirm", confirm), preferences, unsubscribe));
            db.MailQueue.Add(new QueuedMail
            {
                Id = Guid.CreateVersion7(now), Kind = MailKinds.Confirmation, SubscriberId = subscriber.Id,
                Message = MailFactory.ToBytes(message), NextAttemptAt = now, CreatedAt = now,
            });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two simultaneous first requests for one address: the other one won and sent the confirmation.
        }

        return TypedResults.Accepted((string?)null, new SubscribeAccepted("accepted", Localized.Pick(requestLanguage,
            "Si l'adresse est valide, un message de confirmation y a été envoyé.",
            "If the address is valid, a confirmation message has been sent to it.")));

        void Restart(Subscriber s)
        {
            s.Email = email;
            s.Language = language!;
            s.Topics = topics;
            s.State = SubscriberStates.Pending;
            s.Stamp = NewsletterTokens.NewStamp();
            s.RequestedAt = now;
            s.RequestIpHash = tokens.HashIp(ClientIp(http));
            s.ErasedAt = null;
            s.UpdatedAt = now;
        }
    }

    internal static async Task<ContentHttpResult> ConfirmAsync(
        HttpContext http, string? token, SubscriptionsDbContext db, NewsletterTokens tokens, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var subscriber = await FindAsync(db, tokens, token, TokenPurpose.Confirm, cancellationToken);
        var language = subscriber?.Language ?? RequestLanguage.Resolve(http);
        if (subscriber is null || subscriber.State is not (SubscriberStates.Pending or SubscriberStates.Confirmed))
        {
            return InvalidLinkPage(language);
        }

        if (subscriber.State == SubscriberStates.Pending)
        {
            var now = time.GetUtcNow();
            subscriber.State = SubscriberStates.Confirmed;
            subscriber.ConsentAt = now;
            subscriber.ConsentIpHash = tokens.HashIp(ClientIp(http));
            subscriber.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        // A replayed confirmation lands here too and changes nothing.
        return Page(StatusCodes.Status200OK, language,
            Localized.Pick(language, "Abonnement confirmé", "Subscription confirmed"),
            Localized.Pick(language, "Merci : vous recevrez la lettre du Processus de Rabat.", "Thank you: you will receive the Rabat Process newsletter."));
    }

    /// <summary>GET only shows a page with a button (link scanners follow GETs); it changes nothing.</summary>
    internal static async Task<ContentHttpResult> UnsubscribePageAsync(
        HttpContext http, string? token, SubscriptionsDbContext db, NewsletterTokens tokens, CancellationToken cancellationToken)
    {
        var subscriber = await FindAsync(db, tokens, token, TokenPurpose.Manage, cancellationToken);
        if (subscriber is null)
        {
            return InvalidLinkPage(RequestLanguage.Resolve(http));
        }

        var language = subscriber.Language;
        var action = $"?token={Uri.EscapeDataString(token!)}";
        var form = $"<form method=\"post\" action=\"{WebUtility.HtmlEncode(action)}\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
            + $"<button type=\"submit\">{Localized.Pick(language, "Me désabonner", "Unsubscribe me")}</button></form>";
        return Page(StatusCodes.Status200OK, language,
            Localized.Pick(language, "Se désabonner", "Unsubscribe"),
            Localized.Pick(language, "Confirmez que vous ne voulez plus recevoir la lettre du Processus de Rabat.",
                "Confirm that you no longer want to receive the Rabat Process newsletter."),
            form);
    }

    /// <summary>RFC 8058 one-click: a POST (any body, e.g. <c>List-Unsubscribe=One-Click</c>) unsubscribes.</summary>
    internal static async Task<Results<ContentHttpResult, ValidationProblem>> UnsubscribeAsync(
        HttpContext http, string? token, SubscriptionsDbContext db, NewsletterTokens tokens, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var subscriber = await FindAsync(db, tokens, token, TokenPurpose.Manage, cancellationToken);
        if (subscriber is null)
        {
            return InvalidToken(RequestLanguage.Resolve(http));
        }

        if (subscriber.State is SubscriberStates.Pending or SubscriberStates.Confirmed)
        {
            var now = time.GetUtcNow();
            subscriber.State = SubscriberStates.Unsubscribed;
            subscriber.UnsubscribedAt = now;
            subscriber.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        var language = subscriber.Language;
        return Page(StatusCodes.Status200OK, language,
            Localized.Pick(language, "Désabonnement effectué", "Unsubscribed"),
            Localized.Pick(language, "Vous ne recevrez plus la lettre du Processus de Rabat.", "You will no longer receive the Rabat Process newsletter."));
    }

    internal static async Task<Results<Ok<PreferencesView>, ValidationProblem>> GetPreferencesAsync(
        HttpContext http, string? token, SubscriptionsDbContext db, NewsletterTokens tokens, CancellationToken cancellationToken)
    {
        var subscriber = await FindAsync(db, tokens, token, TokenPurpose.Manage, cancellationToken);
        return subscriber is null
            ? InvalidToken(RequestLanguage.Resolve(http))
            : TypedResults.Ok(new PreferencesView(subscriber.Email!, subscriber.Language, subscriber.Topics, subscriber.State));
    }

    internal static async Task<Results<Ok<PreferencesView>, ValidationProblem>> PutPreferencesAsync(
        HttpContext http, string? token, PreferencesRequest? request, SubscriptionsDbContext db, NewsletterTokens tokens,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors(RequestLanguage.Resolve(http));
        var subscriber = await FindAsync(db, tokens, token, TokenPurpose.Manage, cancellationToken);
        if (subscriber is null)
        {
            return InvalidToken(errors.Language);
        }

        var language = CheckLanguage(request?.Language, errors);
        var topics = CheckTopics(request?.Topics, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        subscriber.Language = language!;
        subscriber.Topics = topics;
        subscriber.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new PreferencesView(subscriber.Email!, subscriber.Language, subscriber.Topics, subscriber.State));
    }

    internal static async Task<Results<Ok<SubscriberExport>, ValidationProblem>> ExportAsync(
        HttpContext http, string? token, SubscriptionsDbContext db, NewsletterTokens tokens, CancellationToken cancellationToken)
    {
        var s = await FindAsync(db, tokens, token, TokenPurpose.Manage, cancellationToken);
        if (s is null)
        {
            return InvalidToken(RequestLanguage.Resolve(http));
        }

        var mails = await db.MailQueue.AsNoTracking().Where(m => m.SubscriberId == s.Id).OrderBy(m => m.CreatedAt)
            .Select(m => new ExportedMail(m.Id, m.Kind, m.ItemKey, m.State, m.Attempts, m.CreatedAt, m.SentAt))
            .ToListAsync(cancellationToken);
        var deliveries = await db.MailDeliveryLog.AsNoTracking().Where(l => l.SubscriberId == s.Id).OrderBy(l => l.Id)
            .Select(l => new ExportedDelivery(l.MailId, l.Kind, l.Outcome, l.SmtpStatus, l.At))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new SubscriberExport(s.Id, s.Email, s.EmailHash, s.Language, s.Topics, s.State, s.CreatedAt, s.UpdatedAt,
            s.RequestedAt, s.RequestIpHash, s.ConsentAt, s.ConsentIpHash, s.UnsubscribedAt, s.BouncedAt, mails, deliveries));
    }

    /// <summary>
    /// Erasure: the address, topics, consent record, queued mails and delivery log go; the address hash stays so a
    /// replayed link or request cannot quietly re-activate it (every old link dies with the stamp). A new explicit
    /// subscription starts a new double opt-in.
    /// </summary>
    internal static async Task<Results<NoContent, ValidationProblem>> EraseAsync(
        HttpContext http, string? token, SubscriptionsDbContext db, NewsletterTokens tokens, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var subscriber = await FindAsync(db, tokens, token, TokenPurpose.Manage, cancellationToken);
        if (subscriber is null)
        {
            return InvalidToken(RequestLanguage.Resolve(http));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.MailQueue.Where(m => m.SubscriberId == subscriber.Id).ExecuteDeleteAsync(cancellationToken);
        await db.MailDeliveryLog.Where(l => l.SubscriberId == subscriber.Id).ExecuteDeleteAsync(cancellationToken);
        subscriber.Erase(time.GetUtcNow(), NewsletterTokens.NewStamp());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<NewsletterStats>> StatsAsync(SubscriptionsDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.NewsletterSubscribers.AsNoTracking()
            .GroupBy(s => new { s.State, s.Language })
            .Select(g => new StatsRow(g.Key.State, g.Key.Language, g.Count()))
            .ToListAsync(cancellationToken);
        var byState = SubscriberStates.All.ToDictionary(s => s, s => rows.Where(r => r.State == s).Sum(r => r.Count));
        var byLanguage = Languages.All.ToDictionary(l => l, l => rows.Where(r => r.Language == l).Sum(r => r.Count));
        return TypedResults.Ok(new NewsletterStats(rows.Sum(r => r.Count), byState, byLanguage,
            rows.OrderBy(r => r.State, StringComparer.Ordinal).ThenBy(r => r.Language, StringComparer.Ordinal).ToList()));
    }

    private static async Task<Subscriber?> FindAsync(
        SubscriptionsDbContext db, NewsletterTokens tokens, string? token, TokenPurpose purpose, CancellationToken cancellationToken)
    {
        if (tokens.Read(token, purpose) is not var (id, stamp))
        {
            return null;
        }

        var subscriber = await db.NewsletterSubscribers.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return subscriber is null || subscriber.Stamp != stamp || subscriber.State == SubscriberStates.Erased ? null : subscriber;
    }

    private static string? CheckLanguage(string? language, ValidationErrors errors)
    {
        if (!Languages.IsSupported(language))
        {
            errors.Add("language", "Langue inconnue : seules « fr » et « en » sont acceptées.", "Unknown language: only 'fr' and 'en' are accepted.");
            return null;
        }

        return language;
    }

    private static List<string> CheckTopics(List<string?>? topics, ValidationErrors errors)
    {
        var result = new List<string>();
        if (topics is null)
        {
            return result;
        }

        if (topics.Count > NewsletterRules.MaxTopics)
        {
            errors.Add("topics", $"Au plus {NewsletterRules.MaxTopics} thèmes.", $"At most {NewsletterRules.MaxTopics} topics.");
            return result;
        }

        for (var i = 0; i < topics.Count; i++)
        {
            if (!NewsletterRules.IsTopic(topics[i]))
            {
                errors.Add($"topics[{i}]",
                    "Thème inconnu : news, meetings, publications, un domaine (cadiz-2023.d2…) ou un thème du vocabulaire.",
                    "Unknown topic: news, meetings, publications, a framework domain (cadiz-2023.d2…) or a vocabulary theme.");
            }
            else if (!result.Contains(topics[i]!))
            {
                result.Add(topics[i]!);
            }
        }

        return result;
    }

    private static ValidationProblem InvalidToken(string language) =>
        new ValidationErrors(language).Add("token", "Lien invalide ou expiré.", "Invalid or expired link.").ToProblem();

    private static ContentHttpResult InvalidLinkPage(string language) =>
        Page(StatusCodes.Status400BadRequest, language,
            Localized.Pick(language, "Lien invalide ou expiré", "Invalid or expired link"),
            Localized.Pick(language, "Ce lien n'est pas (ou plus) valide. Vous pouvez vous inscrire à nouveau depuis le site.",
                "This link is not (or no longer) valid. You may subscribe again from the website."));

    private static ContentHttpResult Page(int status, string language, string title, string message, string? extraHtml = null) =>
        TypedResults.Content(
            $"""
            <!DOCTYPE html>
            <html lang="{language}"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>{WebUtility.HtmlEncode(title)}</title></head>
            <body><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(message)}</p>{extraHtml}</body></html>
            """,
            "text/html", Encoding.UTF8, status);

    /// <summary>The caller's address: the first X-Forwarded-For entry (set by the gateway), else the connection's.</summary>
    private static IPAddress? ClientIp(HttpContext http) =>
        http.Request.Headers["X-Forwarded-For"].ToString().Split(',')[0].Trim() is { Length: > 0 } forwarded
        && IPAddress.TryParse(forwarded, out var ip) ? ip : http.Connection.RemoteIpAddress;
}
