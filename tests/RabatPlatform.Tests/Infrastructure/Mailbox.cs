using MimeKit;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>
/// The test SMTP server's Maildir (from <see cref="TestServers"/>, written by aiosmtpd's Mailbox handler): waits for
/// the messages sent to one address. Tests use unique addresses, so they never see each other's mail.
/// </summary>
public static class Mailbox
{
    public static string Directory => PlatformFixture.Maildir
        ?? throw new InvalidOperationException("No Maildir: the test infrastructure runs in container mode (Mailpit) or RABAT_TEST_MAILDIR is not set.");

    /// <summary>Every message in the Maildir addressed to <paramref name="address"/>, oldest first.</summary>
    public static List<MimeMessage> To(string address)
    {
        var messages = new List<(DateTime Time, MimeMessage Message)>();
        foreach (var file in Files(Directory))
        {
            MimeMessage message;
            try
            {
                message = MimeMessage.Load(file);
            }
            catch (IOException)
            {
                continue; // being moved or written
            }

            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase)))
            {
                messages.Add((File.GetLastWriteTimeUtc(file), message));
            }
        }

        return messages.OrderBy(m => m.Time).ThenBy(m => m.Message.Date).Select(m => m.Message).ToList();
    }

    /// <summary>
    /// The headers of every message in the Maildir at <paramref name="maildir"/> (new and cur), with the file's path: the
    /// cheap read for counting mails per recipient. A file being moved or written is skipped.
    /// </summary>
    public static IEnumerable<(string File, HeaderList Headers)> Headers(string maildir)
    {
        foreach (var file in Files(maildir))
        {
            HeaderList headers;
            try
            {
                using var stream = File.OpenRead(file);
                headers = HeaderList.Load(stream);
            }
            catch (IOException)
            {
                continue; // being moved or written
            }

            yield return (file, headers);
        }
    }

    /// <summary>The files of a Maildir's <c>new</c> and <c>cur</c> folders (those that exist).</summary>
    private static IEnumerable<string> Files(string maildir) =>
        new[] { "new", "cur" }.Select(folder => Path.Combine(maildir, folder))
            .Where(System.IO.Directory.Exists)
            .SelectMany(System.IO.Directory.EnumerateFiles);

    /// <summary>The mailboxes a message's To header names (none when it has no parsable To).</summary>
    public static IEnumerable<MailboxAddress> Recipients(HeaderList headers) =>
        headers[HeaderId.To] is { } to && InternetAddressList.TryParse(to, out var list) ? list.Mailboxes : [];

    /// <summary>Waits until at least <paramref name="count"/> messages reached <paramref name="address"/>.</summary>
    public static async Task<List<MimeMessage>> WaitForAsync(string address, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var messages = To(address);
            if (messages.Count >= count)
            {
                return messages;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{messages.Count} message(s) to {address}, expected {count}.");
            }

            await Task.Delay(100);
        }
    }
}
