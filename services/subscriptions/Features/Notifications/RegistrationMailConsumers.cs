using System.Globalization;
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
    /// <summary>
    /// Queues the mail; <paramref name="calendar"/>: the iTIP method of the meeting's .ics to attach (<c>PUBLISH</c> when
    /// confirmed or moved, <c>CANCEL</c> when the meeting is cancelled), none when null.
    /// </summary>
    public void Queue(SubscriptionsDbContext db, Guid eventId, string eventName, RegistrationData registration, DateTimeOffset now,
        string? extra = null, string? calendar = null)
    {
        if (!MailFactory.TryParseAddress(registration.Email, out var address))
        {
            LogInvalidAddress(registration.RegistrationId);
            return;
        }

        var language = Languages.IsSupported(registration.Language) ? registration.Language : Languages.Default;
        var detail = Detail(language, eventName) + (extra is null ? "" : " " + extra);
        var mail = MailTemplates.Registration(language, eventName, registration, detail);
        var attachments = calendar is null ? [] : new[] { factory.Calendar(registration.Meeting, language, calendar, now) };
        var message = factory.Build(new MailboxAddress($"{MailTemplates.OneLine(registration.GivenName)} {MailTemplates.OneLine(registration.FamilyName)}".Trim(), address.Address),
            language, mail, attachments);
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
        ("meeting-changed", Languages.English) => "The meeting's dates or place have changed; here they are as they now stand.",
        ("meeting-changed", _) => "Les dates ou le lieu de la réunion ont changé ; les voici tels qu'ils sont désormais.",
        ("meeting-cancelled", Languages.English) => "The meeting has been cancelled, and your registration with it. The attached calendar file removes it from your calendar.",
        ("meeting-cancelled", _) => "La réunion est annulée, et votre inscription avec elle. Le fichier de calendrier joint la retire de votre agenda.",
        (_, Languages.English) => "Your registration has been cancelled.",
        _ => "Votre inscription a été annulée.",
    };

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
        mails.Queue(db, message.EventId, "confirmed", message.Registration, time.GetUtcNow(), calendar: MeetingCalendarPart.Publish);
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
        if (message.CancelledBy == "meeting-cancelled")
        {
            mails.Queue(db, message.EventId, "meeting-cancelled", message.Registration, time.GetUtcNow(), calendar: MeetingCalendarPart.Cancel);
        }
        else
        {
            mails.Queue(db, message.EventId, "cancelled", message.Registration, time.GetUtcNow());
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// The meeting of a registration moved: the delegate hears of it, and a confirmed delegate (whose calendar holds the
/// meeting from the confirmation mail) gets the updated event, same UID, bumped SEQUENCE.
/// </summary>
public sealed class RegistrationMeetingChangedMailer(SubscriptionsDbContext db, TimeProvider time, RegistrationMails mails)
    : IConsumer<RegistrationMeetingChanged>
{
    public Task Consume(ConsumeContext<RegistrationMeetingChanged> context)
    {
        var message = context.Message;
        mails.Queue(db, message.EventId, "meeting-changed", message.Registration, time.GetUtcNow(),
            calendar: message.Registration.Status == "confirmed" ? MeetingCalendarPart.Publish : null);
        return Task.CompletedTask;
    }
}
