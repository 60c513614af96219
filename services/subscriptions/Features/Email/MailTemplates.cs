using System.Globalization;
using System.Net;
using System.Text;
using RabatPlatform.Contracts;

namespace RabatPlatform.Subscriptions.Features.Email;

/// <summary>A rendered email: subject, plain text and HTML.</summary>
public sealed record RenderedMail(string Subject, string Text, string Html);

/// <summary>
/// The per-language templates, as plain C#: a handful of short, fixed texts in two languages, checked by the
/// compiler, every inserted value HTML-encoded explicitly; a template engine (Fluid) would add a dependency and
/// runtime parsing for no gain at this size.
/// </summary>
public static class MailTemplates
{
    private static string T(string language, string fr, string en) => language == Languages.English ? en : fr;

    private static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    private static string Html(string language, string body, string? footer) =>
        $"""
        <!DOCTYPE html>
        <html lang="{language}"><head><meta charset="utf-8"><title>{E(T(language, "Processus de Rabat", "Rabat Process"))}</title></head>
        <body style="font-family:Arial,sans-serif;max-width:640px;margin:auto">
        {body}
        {(footer is null ? "" : $"<hr><p style=\"font-size:12px;color:#555\">{footer}</p>")}
        </body></html>
        """;

    private static (string Text, string Html) ManageFooter(string language, string preferencesUrl, string unsubscribeUrl) => (
        T(language,
            $"Vous recevez ce message car vous êtes abonné(e) à la lettre du Processus de Rabat.\nPréférences : {preferencesUrl}\nSe désabonner : {unsubscribeUrl}",
            $"You receive this message because you subscribed to the Rabat Process newsletter.\nPreferences: {preferencesUrl}\nUnsubscribe: {unsubscribeUrl}"),
        T(language,
            $"Vous recevez ce message car vous êtes abonné(e) à la lettre du Processus de Rabat. <a href=\"{E(preferencesUrl)}\">Préférences</a> · <a href=\"{E(unsubscribeUrl)}\">Se désabonner</a>",
            $"You receive this message because you subscribed to the Rabat Process newsletter. <a href=\"{E(preferencesUrl)}\">Preferences</a> · <a href=\"{E(unsubscribeUrl)}\">Unsubscribe</a>"));

    public static RenderedMail Confirmation(string language, string confirmUrl, string preferencesUrl, string unsubscribeUrl)
    {
        var subject = T(language,
            "Confirmez votre abonnement à la lettre du Processus de Rabat",
            "Confirm your subscription to the Rabat Process newsletter");
        var intro = T(language,
            "Merci de votre inscription. Pour recevoir la lettre d'information, confirmez votre adresse :",
            "Thank you for subscribing. To receive the newsletter, please confirm your address:");
        var ignore = T(language,
            "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : vous ne recevrez rien d'autre.",
            "If you did not ask for this, ignore this message: you will receive nothing else.");
        var (footerText, footerHtml) = ManageFooter(language, preferencesUrl, unsubscribeUrl);
        return new RenderedMail(
            subject,
            $"{intro}\n{confirmUrl}\n\n{ignore}\n\n-- \n{footerText}\n",
            Html(language,
                $"<p>{E(intro)}</p><p><a href=\"{E(confirmUrl)}\">{E(T(language, "Confirmer mon abonnement", "Confirm my subscription"))}</a></p><p>{E(ignore)}</p>",
                footerHtml));
    }

    public static RenderedMail Notification(
        string language, string kind, NotificationText text, bool fallback, string preferencesUrl, string unsubscribeUrl)
    {
        var label = kind switch
        {
            "meeting" => T(language, "Nouvelle réunion", "New meeting"),
            "publication" => T(language, "Nouvelle publication", "New publication"),
            _ => T(language, "Actualité", "News"),
        };
        var note = fallback
            ? T(language,
                "Ce contenu n'existe pas encore en français ; voici la version anglaise.",
                "This item is not available in English yet; here is the French version.")
            : null;
        var more = T(language, "Lire la suite", "Read more");
        var (footerText, footerHtml) = ManageFooter(language, preferencesUrl, unsubscribeUrl);
        var subject = $"{T(language, "Processus de Rabat", "Rabat Process")} – {label} : {OneLine(text.Title)}";
        var plain = new StringBuilder();
        if (note is not null)
        {
            plain.Append(note).Append("\n\n");
        }

        plain.Append(label).Append("\n\n").Append(text.Title).Append("\n\n");
        if (!string.IsNullOrWhiteSpace(text.Summary))
        {
            plain.Append(text.Summary).Append("\n\n");
        }

        plain.Append(more).Append(" : ").Append(text.Url).Append("\n\n-- \n").Append(footerText).Append('\n');
        var html = (note is null ? "" : $"<p><em>{E(note)}</em></p>")
            + $"<p>{E(label)}</p><h1>{E(text.Title)}</h1>"
            + (string.IsNullOrWhiteSpace(text.Summary) ? "" : $"<p>{E(text.Summary)}</p>")
            + $"<p><a href=\"{E(text.Url)}\">{E(more)}</a></p>";
        return new RenderedMail(subject, plain.ToString(), Html(language, html, footerHtml));
    }

    public static RenderedMail Registration(
        string language, string eventName, RegistrationData registration, string detail)
    {
        var meeting = registration.Meeting;
        var (title, fallback) = meeting.Titles.TryGetValue(language, out var t) ? (t, false)
            : (meeting.Titles.Values.FirstOrDefault() ?? "", true);
        var culture = CultureInfo.GetCultureInfo(language == Languages.English ? "en-GB" : "fr-FR");
        var dates = meeting.StartDate == meeting.EndDate
            ? meeting.StartDate.ToString("D", culture)
            : $"{meeting.StartDate.ToString("D", culture)} – {meeting.EndDate.ToString("D", culture)}";
        var place = meeting.City is null ? "" : $"{meeting.City}{(meeting.CountryCode is null ? "" : $" ({meeting.CountryCode})")}";
        var status = eventName switch
        {
            "submitted" => T(language, "Inscription reçue", "Registration received"),
            "confirmed" => T(language, "Inscription confirmée", "Registration confirmed"),
            "waitlisted" => T(language, "Inscription sur liste d'attente", "Registration waitlisted"),
            "promoted" => T(language, "Une place vous est proposée", "A seat is offered to you"),
            "rejected" => T(language, "Inscription refusée", "Registration declined"),
            "meeting-changed" => T(language, "Réunion modifiée", "Meeting changed"),
            "meeting-cancelled" => T(language, "Réunion annulée", "Meeting cancelled"),
            _ => T(language, "Inscription annulée", "Registration cancelled"),
        };
        var greeting = T(language, $"Madame, Monsieur {registration.FamilyName},", $"Dear {registration.GivenName} {registration.FamilyName},");
        var note = fallback ? T(language, "(titre disponible en anglais seulement)", "(title available in French only)") : null;
        var subject = $"{status} – {OneLine(title)}";
        var plain = $"{greeting}\n\n{status} : {title}{(note is null ? "" : " " + note)}\n{dates}{(place.Length > 0 ? "\n" + place : "")}\n\n{detail}\n";
        var html = $"<p>{E(greeting)}</p><h1>{E(status)}</h1><p><strong>{E(title)}</strong>{(note is null ? "" : " <em>" + E(note) + "</em>")}<br>{E(dates)}{(place.Length > 0 ? "<br>" + E(place) : "")}</p><p>{E(detail)}</p>";
        return new RenderedMail(subject, plain, Html(language, html, null));
    }

    /// <summary>Subjects come from content: one line, bounded (MimeKit encodes it; this keeps it a single header line).</summary>
    public static string OneLine(string value)
    {
        var flat = string.Join(' ', value.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return flat.Length > 150 ? flat[..150] + "…" : flat;
    }
}
