using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;
using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Subscriptions.Features.Email;

/// <summary>
/// Builds MimeKit messages: links, text and HTML parts, and the headers every mail carries (docs/newsletter.md#mail-headers):
/// <c>Message-ID</c> on <see cref="EmailOptions.MessageIdDomain"/>, <c>Content-Language</c> (the recipient's),
/// <c>Auto-Submitted: auto-generated</c> (RFC 3834); on subscriber mail the RFC 2369/8058 unsubscribe headers and
/// <c>List-Id</c>, and <c>Precedence: bulk</c> on the newsletter itself; then the optional DKIM signature.
/// </summary>
public sealed class MailFactory(IOptions<NewsletterOptions> options, IOptions<EmailOptions> email, NewsletterTokens tokens, MailSigner signer)
{
    public const string ListId = "Rabat Process newsletter <newsletter.rabat-process.org>";

    private readonly NewsletterOptions settings = options.Value;

    private readonly string messageIdDomain = email.Value.MessageIdDomainFor(options.Value.FromAddress);

    public string ApiUrl(string path, string token) =>
        $"{settings.PublicBaseUrl.TrimEnd('/')}/api/subscriptions/newsletter{path}?token={Uri.EscapeDataString(token)}";

    /// <summary>
    /// A subscriber email: recipient from the stored (validated) address, unsubscribe headers from a manage token.
    /// <paramref name="bulk"/>: the newsletter itself (notifications), <c>Precedence: bulk</c>; false for the one
    /// confirmation request a subscriber asked for.
    /// </summary>
    public MimeMessage ForSubscriber(Subscriber subscriber, Func<string, string, RenderedMail> render, bool bulk = true)
    {
        var manage = tokens.Create(TokenPurpose.Manage, subscriber.Id, subscriber.Stamp);
        var unsubscribeUrl = ApiUrl("/unsubscribe", manage);
        var preferencesUrl = ApiUrl("/preferences", manage);
        var mail = render(preferencesUrl, unsubscribeUrl);
        var message = Compose(MailboxAddress.Parse(subscriber.Email!), subscriber.Language, mail, null);
        // RFC 8058: one https URI (PublicBaseUrl is https outside Development) beside the mailto, and the one-click POST.
        message.Headers.Add("List-Unsubscribe",
            $"<{unsubscribeUrl}>, <mailto:{settings.UnsubscribeMailbox}?subject=unsubscribe%20{Uri.EscapeDataString(manage)}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add("List-Id", ListId);
        if (bulk)
        {
            message.Headers.Add("Precedence", "bulk");
        }

        return signer.Sign(message);
    }

    /// <summary>A transactional mail (registration mails) in <paramref name="language"/>, signed when DKIM is on.</summary>
    public MimeMessage Build(MailboxAddress to, string language, RenderedMail mail, IEnumerable<MimePart>? attachments = null) =>
        signer.Sign(Compose(to, language, mail, attachments));

    /// <summary>The meeting's .ics attachment (<see cref="MeetingCalendarPart"/>), organised by the mails' sender.</summary>
    public MimePart Calendar(RegistrationMeeting meeting, string language, string method, DateTimeOffset now) =>
        MeetingCalendarPart.Build(meeting, language, method, now, new MailboxAddress(settings.FromName, settings.FromAddress));

    private MimeMessage Compose(MailboxAddress to, string language, RenderedMail mail, IEnumerable<MimePart>? attachments)
    {
        var message = new MimeMessage { MessageId = MimeUtils.GenerateMessageId(messageIdDomain) };
        message.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        message.To.Add(to);
        message.Subject = mail.Subject;
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html };
        foreach (var attachment in attachments ?? [])
        {
            body.Attachments.Add(attachment);
        }

        message.Body = body.ToMessageBody();
        // A Content-* header belongs to the top-level entity (MimeKit writes the message's own Content-* headers from its body).
        message.Body.Headers.Add(HeaderId.ContentLanguage, Languages.IsSupported(language) ? language : Languages.Default);
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
