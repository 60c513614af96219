using Microsoft.Extensions.Options;
using MimeKit;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Subscriptions.Features.Email;

/// <summary>Builds MimeKit messages: links, the RFC 2369/8058 unsubscribe headers, text and HTML parts.</summary>
public sealed class MailFactory(IOptions<NewsletterOptions> options, NewsletterTokens tokens)
{
    private readonly NewsletterOptions settings = options.Value;

    public string ApiUrl(string path, string token) =>
        $"{settings.PublicBaseUrl.TrimEnd('/')}/api/subscriptions/newsletter{path}?token={Uri.EscapeDataString(token)}";

    /// <summary>A subscriber email: recipient from the stored (validated) address, unsubscribe headers from a manage token.</summary>
    public MimeMessage ForSubscriber(Subscriber subscriber, Func<string, string, RenderedMail> render)
    {
        var manage = tokens.Create(TokenPurpose.Manage, subscriber.Id, subscriber.Stamp);
        var unsubscribeUrl = ApiUrl("/unsubscribe", manage);
        var preferencesUrl = ApiUrl("/preferences", manage);
        var mail = render(preferencesUrl, unsubscribeUrl);
        var message = Build(MailboxAddress.Parse(subscriber.Email!), mail);
        message.Headers.Add("List-Unsubscribe",
            $"<{unsubscribeUrl}>, <mailto:{settings.UnsubscribeMailbox}?subject=unsubscribe%20{Uri.EscapeDataString(manage)}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add("List-Id", "Rabat Process newsletter <newsletter.rabat-process.org>");
        return message;
    }

    public MimeMessage Build(MailboxAddress to, RenderedMail mail, IEnumerable<MimePart>? attachments = null)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        message.To.Add(to);
        message.Subject = mail.Subject;
        var body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html };
        foreach (var attachment in attachments ?? [])
        {
            body.Attachments.Add(attachment);
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    public static byte[] ToBytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>An address we may put in a header: parses as exactly one plain mailbox, at most 254 characters, no display name.</summary>
    public static bool TryParseAddress(string? value, out MailboxAddress address)
    {
        address = null!;
        if (string.IsNullOrWhiteSpace(value) || value.Length > Subscriber.EmailMaxLength
            || value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>' or ',' or ';' or '"' or '(' or ')'))
        {
            return false;
        }

        if (!MailboxAddress.TryParse(ParserOptions.Default, value, out var parsed) || parsed.Address != value
            || parsed.Route.Count > 0 || !value.Contains('@', StringComparison.Ordinal)
            || value.IndexOf('@', StringComparison.Ordinal) is 0 || value.EndsWith('@')
            || !value[(value.LastIndexOf('@') + 1)..].Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        address = parsed;
        return true;
    }
}
