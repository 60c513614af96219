using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;

namespace RabatPlatform.Subscriptions.Features.Email;

/// <summary>
/// DKIM (RFC 6376) signing of every outgoing mail with MimeKit's <see cref="DkimSigner"/>, when
/// <c>Email:Dkim:Enabled</c>: rsa-sha256, relaxed/relaxed, over the headers receivers judge (RFC 8058 §4 asks for
/// List-Unsubscribe and List-Unsubscribe-Post to be covered). Messages are signed when they are built (stored
/// mails are sent byte for byte; notifications are built at send time), after being prepared for 7-bit transport so
/// that no relay re-encodes a signed body.
/// </summary>
public sealed class MailSigner
{
    private static readonly HeaderId[] Signed =
    [
        HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId, HeaderId.MimeVersion,
        HeaderId.ContentType, HeaderId.ContentLanguage, HeaderId.ListUnsubscribe, HeaderId.ListId, HeaderId.Precedence,
    ];

    private static readonly string[] SignedByName = ["List-Unsubscribe-Post", "Auto-Submitted"];

    private readonly DkimSigner? signer;

    public MailSigner(IOptions<EmailOptions> options)
    {
        var dkim = options.Value.Dkim;
        if (!dkim.Enabled)
        {
            return;
        }

        using var key = dkim.PrivateKey is { Length: > 0 } pem
            ? new MemoryStream(Encoding.ASCII.GetBytes(pem))
            : (Stream)File.OpenRead(dkim.PrivateKeyPath!);
        signer = new DkimSigner(key, dkim.Domain!, dkim.Selector!, DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            AgentOrUserIdentifier = "@" + dkim.Domain,
        };
    }

    public bool Enabled => signer is not null;

    /// <summary>Signs <paramref name="message"/> in place (nothing when DKIM is off) and returns it.</summary>
    public MimeMessage Sign(MimeMessage message)
    {
        if (signer is null)
        {
            return message;
        }

        message.Prepare(EncodingConstraint.SevenBit);
        // The top-level entity's Content-* headers are written (and signed) as the message's own.
        bool Present(string name) => message.Headers.Contains(name) || message.Body?.Headers.Contains(name) == true;
        var headers = Signed.Select(id => id.ToHeaderName()).Concat(SignedByName).Where(Present).ToArray();
        signer.Sign(message, headers);
        return message;
    }
}
