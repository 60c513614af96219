using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Subscriptions.Features.Email;

namespace RabatPlatform.Subscriptions.Features.Newsletter;

/// <summary>The newsletter's handlers; all public except the statistics.</summary>
public static class NewsletterEndpoints
{
    internal static async Task<Results<Accepted<SubscribeAccepted>, ValidationProblem>> SubscribeAsync(
        SubscribeRequest? request, HttpContext http, SubscriptionsDbContext db, NewsletterTokens tokens, MailFactory mails,
        TimeProvider time, Lang lang, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        if (NewsletterValidator.Validate(request, errors) is not { } valid)
        {
            return errors.ToProblem();
        }

        await NewsletterWorkflow.SubscribeAsync(db, tokens, mails, valid, tokens.HashIp(ClientIp(http)), time.GetUtcNow(), cancellationToken);
        return TypedResults.Accepted((string?)null, NewsletterProblems.Accepted(lang));
    }

    /// <summary>
    /// GET only shows a page whose button POSTs the confirmation (mail security scanners follow every link of a
    /// mail); it changes nothing.
    /// </summary>
    internal static async Task<ContentHttpResult> ConfirmPageAsync(
        [AsParameters] TokenRequest request, SubscriptionsDbContext db, NewsletterTokens tokens, Lang lang, CancellationToken cancellationToken)
    {
        var subscriber = await NewsletterWorkflow.FindAsync(db, tokens, request.Token, TokenPurpose.Confirm, cancellationToken);
        return subscriber?.State switch
        {
            SubscriberStates.Pending => NewsletterProblems.ConfirmPage(subscriber.Language, request.Token!),
            SubscriberStates.Confirmed => NewsletterProblems.ConfirmedPage(subscriber.Language),
            _ => NewsletterProblems.InvalidLinkPage(subscriber?.Language ?? lang),
        };
    }

    /// <summary>The confirmation itself: the POST of the page's button.</summary>
    internal static async Task<ContentHttpResult> ConfirmAsync(
        [AsParameters] TokenRequest request, HttpContext http, SubscriptionsDbContext db, NewsletterTokens tokens, TimeProvider time,
        Lang lang, CancellationToken cancellationToken)
    {
        var subscriber = await NewsletterWorkflow.FindAsync(db, tokens, request.Token, TokenPurpose.Confirm, cancellationToken);
        if (subscriber is null || subscriber.State is not (SubscriberStates.Pending or SubscriberStates.Confirmed))
        {
            return NewsletterProblems.InvalidLinkPage(subscriber?.Language ?? lang);
        }

        // A replayed confirmation changes nothing.
        if (subscriber.Confirm(tokens.HashIp(ClientIp(http)), time.GetUtcNow()))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return NewsletterProblems.ConfirmedPage(subscriber.Language);
    }

    /// <summary>GET only shows a page with a button (link scanners follow GETs); it changes nothing.</summary>
    internal static async Task<ContentHttpResult> UnsubscribePageAsync(
        [AsParameters] TokenRequest request, SubscriptionsDbContext db, NewsletterTokens tokens, Lang lang, CancellationToken cancellationToken)
    {
        var subscriber = await NewsletterWorkflow.FindAsync(db, tokens, request.Token, TokenPurpose.Manage, cancellationToken);
        return subscriber is null
            ? NewsletterProblems.InvalidLinkPage(lang)
            : NewsletterProblems.UnsubscribePage(subscriber.Language, request.Token!);
    }

    /// <summary>RFC 8058 one-click: a POST (any body, e.g. <c>List-Unsubscribe=One-Click</c>) unsubscribes.</summary>
    internal static async Task<Results<ContentHttpResult, ValidationProblem>> UnsubscribeAsync(
        [AsParameters] TokenRequest request, SubscriptionsDbContext db, NewsletterTokens tokens, TimeProvider time, Lang lang,
        CancellationToken cancellationToken)
    {
        var subscriber = await NewsletterWorkflow.FindAsync(db, tokens, request.Token, TokenPurpose.Manage, cancellationToken);
        if (subscriber is null)
        {
            return NewsletterProblems.InvalidToken(lang);
        }

        if (subscriber.Unsubscribe(time.GetUtcNow()))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return NewsletterProblems.UnsubscribedPage(subscriber.Language);
    }

    internal static async Task<Results<Ok<PreferencesView>, ValidationProblem>> GetPreferencesAsync(
        [AsParameters] TokenRequest request, SubscriptionsDbContext db, NewsletterTokens tokens, Lang lang, CancellationToken cancellationToken)
    {
        var subscriber = await NewsletterWorkflow.FindAsync(db, tokens, request.Token, TokenPurpose.Manage, cancellationToken);
        return subscriber is null ? NewsletterProblems.InvalidToken(lang) : TypedResults.Ok(PreferencesView.From(subscriber));
    }

    internal static async Task<Results<Ok<PreferencesView>, ValidationProblem>> PutPreferencesAsync(
        [AsParameters] TokenRequest link, PreferencesRequest? request, SubscriptionsDbContext db, NewsletterTokens tokens,
        TimeProvider time, Lang lang, CancellationToken cancellationToken)
    {
        var subscriber = await NewsletterWorkflow.FindAsync(db, tokens, link.Token, TokenPurpose.Manage, cancellationToken);
        if (subscriber is null)
        {
            return NewsletterProblems.InvalidToken(lang);
        }

        var errors = lang.Errors();
        if (NewsletterValidator.Validate(request, errors) is not { } valid)
        {
            return errors.ToProblem();
        }

        subscriber.ChangePreferences(valid.Language, valid.Topics, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(PreferencesView.From(subscriber));
    }

    internal static async Task<Results<Ok<SubscriberExport>, ValidationProblem>> ExportAsync(
        [AsParameters] TokenRequest request, SubscriptionsDbContext db, NewsletterTokens tokens, Lang lang, CancellationToken cancellationToken)
    {
        var subscriber = await NewsletterWorkflow.FindAsync(db, tokens, request.Token, TokenPurpose.Manage, cancellationToken);
        return subscriber is null
            ? NewsletterProblems.InvalidToken(lang)
            : TypedResults.Ok(await NewsletterWorkflow.ExportAsync(db, subscriber, cancellationToken));
    }

    /// <summary>Erasure (see <see cref="NewsletterWorkflow.EraseAsync"/>).</summary>
    internal static async Task<Results<NoContent, ValidationProblem>> EraseAsync(
        [AsParameters] TokenRequest request, SubscriptionsDbContext db, NewsletterTokens tokens, TimeProvider time, Lang lang,
        CancellationToken cancellationToken)
    {
        var subscriber = await NewsletterWorkflow.FindAsync(db, tokens, request.Token, TokenPurpose.Manage, cancellationToken);
        if (subscriber is null)
        {
            return NewsletterProblems.InvalidToken(lang);
        }

        await NewsletterWorkflow.EraseAsync(db, subscriber, time.GetUtcNow(), cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<NewsletterStats>> StatsAsync(SubscriptionsDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.NewsletterSubscribers.AsNoTracking()
            .GroupBy(s => new { s.State, s.Language })
            .Select(g => new StatsRow(g.Key.State, g.Key.Language, g.Count()))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(NewsletterStats.From(rows));
    }

    /// <summary>The caller's address: the first X-Forwarded-For entry (set by the gateway), else the connection's.</summary>
    private static IPAddress? ClientIp(HttpContext http) =>
        http.Request.Headers["X-Forwarded-For"].ToString().Split(',')[0].Trim() is { Length: > 0 } forwarded
        && IPAddress.TryParse(forwarded, out var ip) ? ip : http.Connection.RemoteIpAddress;
}
