using System.Globalization;
using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using MassTransit;
using MimeKit;
using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Subscriptions.Features.Email;
using RabatPlatform.Subscriptions.Features.Newsletter;

namespace RabatPlatform.Subscriptions.Features.Notifications;

/// <summary>Renders a registration mail to the delegate (their language, the other when the title is missing) and queues it.</summary>
public sealed partial class RegistrationMails(MailFactory factory, ILogger<RegistrationMails> logger)
{
    public void Queue(SubscriptionsDbContext db, Guid eventId, string eventName, RegistrationData registration, DateTimeOffset now,
        string? extra = null, bool withCalendar = false)
    {
        if (!MailFactory.TryParseAddress(registration.Email, out var address))
        {
            LogInvalidAddress(registration.RegistrationId);
            return;
        }

        var language = Languages.IsSupported(registration.Language) ? registration.Language : Languages.Default;
        var detail = Detail(language, eventName) + (extra is null ? "" : " " + extra);
        var mail = MailTemplates.Registration(language, eventName, registration, detail);
        var attachments = withCalendar ? [Calendar(registration, language)] : Array.Empty<MimePart>();
        var message = factory.Build(new MailboxAddress($"{MailTemplates.OneLine(registration.GivenName)} {MailTemplates.OneLine(registration.FamilyName)}".Trim(), address.Address),
            mail, attachments);
        db.MailQueue.Add(new QueuedMail
        {
            Id = Guid.CreateVersion7(now), Kind = MailKinds.Registration, Recipient = address.Address,
            ItemKey = NewsletterWorkflow.RegistrationMailKey(registration.Meeting.MeetingId),
            Message = MailFactory.ToBytes(message), NextAttemptAt = now, CreatedAt = now,
        });
        _ = eventId;
    }

    private static string Detail(string language, string eventName) => (eventName, language) switch
    {
        ("submitted", Languages.English) => "Your registration has been received and will be reviewed by the Secretariat.",
        ("submitted", _) => "Votre inscription a été reçue ; le Secrétariat va l'examiner.",
        ("confirmed", Languages.English) => "Your seat is confirmed. The meeting is attached as a calendar file.",
        ("confirmed", _) => "Votre place est confirmée. La réunion est jointe en fichier de calendrier.",
        ("waitlisted", Languages.English) => "The meeting is full; you are on the waiting list.",
        ("waitlisted", _) => "La réunion est complète ; vous êtes sur la liste d'attente.",
        ("promoted", Languages.English) => "A seat has become available for you.",
        ("promoted", _) => "Une place s'est libérée pour vous.",
        ("rejected", Languages.English) => "Your registration could not be accepted.",
        ("rejected", _) => "Votre inscription n'a pas pu être acceptée.",
        (_, Languages.English) => "Your registration has been cancelled.",
        _ => "Votre inscription a été annulée.",
    };

    /// <summary>The meeting as an all-day iCalendar event (the end date is exclusive in iCalendar).</summary>
    public static MimePart Calendar(RegistrationData registration, string language)
    {
        var meeting = registration.Meeting;
        var title = meeting.Titles.TryGetValue(language, out var t) ? t : meeting.Titles.Values.FirstOrDefault() ?? "Rabat Process";
        var end = meeting.EndDate.AddDays(1);
        var calendar = new Ical.Net.Calendar();
        calendar.AddProperty("METHOD", "PUBLISH");
        calendar.Events.Add(new CalendarEvent
        {
            Uid = $"{meeting.MeetingId}@rabat-process.org",
            Summary = MailTemplates.OneLine(title),
            DtStart = new CalDateTime(meeting.StartDate.Year, meeting.StartDate.Month, meeting.StartDate.Day),
            DtEnd = new CalDateTime(end.Year, end.Month, end.Day),
            Location = meeting.City is null ? null : $"{meeting.City}{(meeting.CountryCode is null ? "" : ", " + meeting.CountryCode)}",
        });
        var ics = new CalendarSerializer().SerializeToString(calendar) ?? "";
        return new MimePart("text", "calendar")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(ics))),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "meeting.ics",
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "meeting.ics" },
        };
    }

    public static string FormatTime(DateTimeOffset at, string language) =>
        at.UtcDateTime.ToString(language == Languages.English ? "d MMMM yyyy HH:mm 'UTC'" : "d MMMM yyyy HH:mm 'UTC'",
            CultureInfo.GetCultureInfo(language == Languages.English ? "en-GB" : "fr-FR"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registration {RegistrationId} has an unusable email address; no mail sent")]
    private partial void LogInvalidAddress(Guid registrationId);
}

public sealed class RegistrationSubmittedMailer(SubscriptionsDbContext db, TimeProvider time, RegistrationMails mails)
    : IConsumer<RegistrationSubmitted>
{
    public Task Consume(ConsumeContext<RegistrationSubmitted> context)
    {
        var message = context.Message;
        mails.Queue(db, message.EventId, "submitted", message.Registration, time.GetUtcNow());
        return Task.CompletedTask;
    }
}

public sealed class RegistrationConfirmedMailer(SubscriptionsDbContext db, TimeProvider time, RegistrationMails mails)
    : IConsumer<RegistrationConfirmed>
{
    public Task Consume(ConsumeContext<RegistrationConfirmed> context)
    {
        var message = context.Message;
        mails.Queue(db, message.EventId, "confirmed", message.Registration, time.GetUtcNow(), withCalendar: true);
        return Task.CompletedTask;
    }
}

public sealed class RegistrationWaitlistedMailer(SubscriptionsDbContext db, TimeProvider time, RegistrationMails mails)
    : IConsumer<RegistrationWaitlisted>
{
    public Task Consume(ConsumeContext<RegistrationWaitlisted> context)
    {
        var message = context.Message;
        var language = message.Registration.Language;
        mails.Queue(db, message.EventId, "waitlisted", message.Registration, time.GetUtcNow(),
            language == Languages.English ? $"Position: {message.Position}." : $"Position : {message.Position}.");
        return Task.CompletedTask;
    }
}

public sealed class RegistrationPromotedMailer(SubscriptionsDbContext db, TimeProvider time, RegistrationMails mails)
    : IConsumer<RegistrationPromoted>
{
    public Task Consume(ConsumeContext<RegistrationPromoted> context)
    {
        var message = context.Message;
        var language = message.Registration.Language;
        var until = RegistrationMails.FormatTime(message.OfferExpiresAt, language);
        mails.Queue(db, message.EventId, "promoted", message.Registration, time.GetUtcNow(),
            language == Languages.English ? $"The offer expires on {until}." : $"L'offre expire le {until}.");
        return Task.CompletedTask;
    }
}

public sealed class RegistrationRejectedMailer(SubscriptionsDbContext db, TimeProvider time, RegistrationMails mails)
    : IConsumer<RegistrationRejected>
{
    public Task Consume(ConsumeContext<RegistrationRejected> context)
    {
        var message = context.Message;
        mails.Queue(db, message.EventId, "rejected", message.Registration, time.GetUtcNow(), message.Reason);
        return Task.CompletedTask;
    }
}

public sealed class RegistrationCancelledMailer(SubscriptionsDbContext db, TimeProvider time, RegistrationMails mails)
    : IConsumer<RegistrationCancelled>
{
    public Task Consume(ConsumeContext<RegistrationCancelled> context)
    {
        var message = context.Message;
        mails.Queue(db, message.EventId, "cancelled", message.Registration, time.GetUtcNow());
        return Task.CompletedTask;
    }
}
