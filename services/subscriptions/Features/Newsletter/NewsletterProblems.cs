using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RabatPlatform.Subscriptions.Features.Newsletter;

/// <summary>The newsletter's bilingual answers: the token error, the accepted message and the HTML pages links open.</summary>
public static class NewsletterProblems
{
    public static ValidationProblem InvalidToken(Lang lang) =>
        lang.Errors().Add("token", "Lien invalide ou expiré.", "Invalid or expired link.").ToProblem();

    public static SubscribeAccepted Accepted(Lang lang) => new("accepted", lang.Pick(
        "Si l'adresse est valide, un message de confirmation y a été envoyé.",
        "If the address is valid, a confirmation message has been sent to it."));

    public static ContentHttpResult InvalidLinkPage(string language) =>
        Page(StatusCodes.Status400BadRequest, language,
            Localized.Pick(language, "Lien invalide ou expiré", "Invalid or expired link"),
            Localized.Pick(language, "Ce lien n'est pas (ou plus) valide. Vous pouvez vous inscrire à nouveau depuis le site.",
                "This link is not (or no longer) valid. You may subscribe again from the website."));

    public static ContentHttpResult ConfirmedPage(string language) =>
        Page(StatusCodes.Status200OK, language,
            Localized.Pick(language, "Abonnement confirmé", "Subscription confirmed"),
            Localized.Pick(language, "Merci : vous recevrez la lettre du Processus de Rabat.", "Thank you: you will receive the Rabat Process newsletter."));

    /// <summary>The page a confirmation link opens: one button that POSTs the confirmation (<paramref name="token"/> in its action).</summary>
    public static ContentHttpResult ConfirmPage(string language, string token) =>
        Page(StatusCodes.Status200OK, language,
            Localized.Pick(language, "Confirmer votre abonnement", "Confirm your subscription"),
            Localized.Pick(language, "Pour recevoir la lettre du Processus de Rabat, confirmez votre abonnement.",
                "To receive the Rabat Process newsletter, please confirm your subscription."),
            PostForm(token, Localized.Pick(language, "Confirmer mon abonnement", "Confirm my subscription")));

    /// <summary>The page with the one button that POSTs the unsubscription (<paramref name="token"/> in its action).</summary>
    public static ContentHttpResult UnsubscribePage(string language, string token) =>
        Page(StatusCodes.Status200OK, language,
            Localized.Pick(language, "Se désabonner", "Unsubscribe"),
            Localized.Pick(language, "Confirmez que vous ne voulez plus recevoir la lettre du Processus de Rabat.",
                "Confirm that you no longer want to receive the Rabat Process newsletter."),
            PostForm(token, Localized.Pick(language, "Me désabonner", "Unsubscribe me"),
                "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"));

    public static ContentHttpResult UnsubscribedPage(string language) =>
        Page(StatusCodes.Status200OK, language,
            Localized.Pick(language, "Désabonnement effectué", "Unsubscribed"),
            Localized.Pick(language, "Vous ne recevrez plus la lettre du Processus de Rabat.", "You will no longer receive the Rabat Process newsletter."));

    /// <summary>A form that POSTs to the page's own route (same origin) with the link's token, and its one button.</summary>
    private static string PostForm(string token, string button, string hiddenInputs = "")
    {
        var action = $"?token={Uri.EscapeDataString(token)}";
        return $"<form method=\"post\" action=\"{WebUtility.HtmlEncode(action)}\">{hiddenInputs}"
            + $"<button type=\"submit\">{button}</button></form>";
    }

    private static ContentHttpResult Page(int status, string language, string title, string message, string? extraHtml = null) =>
        TypedResults.Content(
            $"""
            <!DOCTYPE html>
            <html lang="{language}"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>{WebUtility.HtmlEncode(title)}</title></head>
            <body><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(message)}</p>{extraHtml}</body></html>
            """,
            "text/html", Encoding.UTF8, status);
}
