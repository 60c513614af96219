using Microsoft.AspNetCore.Http.HttpResults;
using RabatPlatform.Meetings.Features.Meetings;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>The registrations' bilingual problems (a meeting not found: <see cref="MeetingsProblems"/>).</summary>
internal static class RegistrationsProblems
{
    public static ProblemHttpResult RegistrationNotFound(string language, Guid id) => Problems.NotFound(language,
        ("Inscription introuvable", "Registration not found"),
        ($"Aucune inscription de votre délégation ne correspond à « {id} ».", $"No registration of your delegation matches '{id}'."));

    public static ProblemHttpResult OtherDelegation(string language) => Problems.Create(StatusCodes.Status403Forbidden, language,
        ("Accès refusé", "Forbidden"),
        ("Un partenaire n'inscrit que des membres de sa propre délégation.", "A partner registers members of its own delegation only."));

    public static ProblemHttpResult QuotaReached(string language, string partnerCode, int quota) => MeetingsProblems.Unprocessable(language,
        ("Quota atteint", "Quota reached"),
        ($"La délégation {partnerCode} a déjà inscrit {quota} délégué(s), le maximum pour cette réunion.",
            $"Delegation {partnerCode} has already registered {quota} delegate(s), the maximum for this meeting."), "partnerCode");

    public static ProblemHttpResult DuplicateEmail(string language, string email) => Problems.Conflict(language,
        ("Adresse déjà inscrite", "Email already registered"),
        ($"L'adresse « {email} » est déjà inscrite à cette réunion.", $"The address '{email}' is already registered for this meeting."),
        new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["email"] = [email] } });

    public static ProblemHttpResult WrongStatus(string language, Registration r, string expected) => Problems.Conflict(language,
        ("Transition impossible", "Transition not allowed"),
        ($"L'inscription est « {r.StatusName} » ; cette action attend : {expected}.", $"The registration is '{r.StatusName}'; this action expects: {expected}."));

    public static ProblemHttpResult OfferExpired(string language, Registration r) => Problems.Conflict(language,
        ("Offre expirée", "Offer expired"),
        ($"L'offre de place a expiré le {r.OfferExpiresAt:u}.", $"The seat offer expired on {r.OfferExpiresAt:u}."));

    public static ProblemHttpResult ReasonTooLong(string language) => MeetingsProblems.Unprocessable(language,
        ("Motif trop long", "Reason too long"),
        ($"Le motif dépasse {RegistrationRules.NotesMaxLength} caractères.", $"The reason exceeds {RegistrationRules.NotesMaxLength} characters."), "reason");

    /// <summary>A 422 with a bilingual reason when registration is not open at <paramref name="now"/>.</summary>
    public static ProblemHttpResult? Window(Meeting meeting, DateTimeOffset now, string language)
    {
        if (meeting.Status == MeetingStatus.Cancelled)
        {
            return MeetingsProblems.Unprocessable(language, ("Réunion annulée", "Meeting cancelled"),
                ("Cette réunion est annulée : les inscriptions sont closes.", "This meeting is cancelled: registration is closed."));
        }

        if (meeting.RegistrationOpensAt is { } opens && now < opens)
        {
            return MeetingsProblems.Unprocessable(language, ("Inscriptions pas encore ouvertes", "Registration not open yet"),
                ($"Les inscriptions ouvrent le {opens.UtcDateTime:yyyy-MM-dd HH:mm} UTC.", $"Registration opens on {opens.UtcDateTime:yyyy-MM-dd HH:mm} UTC."));
        }

        var deadline = meeting.EffectiveDeadline();
        if (now >= deadline)
        {
            return MeetingsProblems.Unprocessable(language, ("Inscriptions closes", "Registration closed"),
                ($"La date limite d'inscription était le {deadline.UtcDateTime:yyyy-MM-dd HH:mm} UTC.",
                    $"The registration deadline was {deadline.UtcDateTime:yyyy-MM-dd HH:mm} UTC."));
        }

        return null;
    }
}
