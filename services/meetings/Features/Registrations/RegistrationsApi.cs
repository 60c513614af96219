using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features.Meetings;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>Registration of delegates under <c>/api/meetings/{id}/…</c>.</summary>
public static class RegistrationsApi
{
    public static RouteGroupBuilder MapRegistrationsApi(this RouteGroupBuilder api)
    {
        var meetings = api.MapGroup("/meetings").WithTags("Registrations");
        meetings.MapGet("/{id:guid}/registration-form", GetFormAsync);
        var registrations = meetings.MapGroup("/{id:guid}/registrations").RequireAuthorization(PlatformPolicies.PartnerOrSecretariat);
        registrations.MapPost("/", SubmitAsync).WithWriteGate();
        registrations.MapGet("/", ListAsync);
        registrations.MapGet("/{rid:guid}", GetAsync);
        registrations.MapPost("/{rid:guid}/confirm", ConfirmAsync).RequireAuthorization(PlatformPolicies.Secretariat).WithWriteGate();
        registrations.MapPost("/{rid:guid}/reject", RejectAsync).RequireAuthorization(PlatformPolicies.Secretariat).WithWriteGate();
        registrations.MapPost("/{rid:guid}/accept-offer", AcceptOfferAsync).WithWriteGate();
        registrations.MapDelete("/{rid:guid}", CancelAsync).WithWriteGate();
        meetings.MapGet("/{id:guid}/registrations.csv", RegistrationCsv.ExportAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        return api;
    }

    internal static async Task<Results<Ok<RegistrationForm>, ProblemHttpResult>> GetFormAsync(
        HttpContext http, Guid id, MeetingsDbContext db, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var meeting = await db.Meetings.AsNoTracking()
            .FirstOrDefaultAsync(m => m.Id == id && m.Status != MeetingStatus.Planned, cancellationToken);
        return meeting is null
            ? MeetingProblems.MeetingNotFound(language, id.ToString())
            : TypedResults.Ok(RegistrationFormDefinition.For(meeting));
    }

    internal static async Task<Results<Created<RegistrationView>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        HttpContext http, Guid id, RegistrationRequest? request, MeetingsDbContext db, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var caller = Caller.From(http.User);
        // What needs no lock first: the meeting exists, its window is open, the body is valid, the delegation is known.
        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (meeting is null || meeting.Status == MeetingStatus.Planned)
        {
            return MeetingProblems.MeetingNotFound(language, id.ToString());
        }

        var now = time.GetUtcNow();
        if (WindowProblem(meeting, now, language) is { } closed)
        {
            return closed;
        }

        // The delegation: the partner's own; the Secretariat names it.
        var partnerCode = request?.PartnerCode?.Trim();
        var errors = new ValidationErrors(language);
        if (!caller.IsSecretariat)
        {
            if (partnerCode is not null && partnerCode != caller.PartnerCode)
            {
                return MeetingProblems.Forbidden(language,
                    ("Un partenaire n'inscrit que des membres de sa propre délégation.", "A partner registers members of its own delegation only."));
            }

            partnerCode = caller.PartnerCode!;
        }
        else if (string.IsNullOrEmpty(partnerCode))
        {
            errors.Add("partnerCode", "Le Secrétariat indique la délégation (code du partenaire).", "The Secretariat names the delegation (partner code).");
        }

        var registration = RegistrationFormDefinition.Validate(meeting, request, partnerCode ?? "", now, errors);
        if (!errors.IsEmpty || registration is null)
        {
            return errors.ToProblem();
        }

        if (!await db.Partners.AnyAsync(p => p.Code == partnerCode, cancellationToken))
        {
            return MeetingProblems.UnknownPartners(language, "partnerCode", [partnerCode!]);
        }

        // Then, under the meeting's lock, the counts that decide: one query for seats, waiting list, quota and email.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        meeting = await RegistrationWorkflow.LockMeetingAsync(db, id, cancellationToken);
        if (meeting is null)
        {
            return MeetingProblems.MeetingNotFound(language, id.ToString());
        }

        if (WindowProblem(meeting, now, language) is { } closedMeanwhile)
        {
            return closedMeanwhile;
        }

        var email = registration.Email;
        var counts = await db.Registrations
            .Where(r => r.MeetingId == id && Registration.Active.Contains(r.Status))
            .GroupBy(r => r.Status)
            .Select(g => new
            {
                Status = g.Key,
                Count = g.Count(),
                Delegation = g.Count(r => r.PartnerCode == partnerCode),
                SameEmail = g.Count(r => r.Email == email),
            })
            .ToListAsync(cancellationToken);

        if (meeting.DelegationQuota is { } quota && counts.Sum(c => c.Delegation) >= quota)
        {
            return MeetingProblems.Unprocessable(language, ("Quota atteint", "Quota reached"),
                ($"La délégation {partnerCode} a déjà inscrit {quota} délégué(s), le maximum pour cette réunion.",
                    $"Delegation {partnerCode} has already registered {quota} delegate(s), the maximum for this meeting."), "partnerCode");
        }

        if (counts.Sum(c => c.SameEmail) > 0)
        {
            return DuplicateEmail(language, email);
        }

        var taken = counts.Where(c => Registration.SeatHolding.Contains(c.Status)).Sum(c => c.Count);
        var waiting = counts.Where(c => c.Status == RegistrationStatus.Waitlisted).Sum(c => c.Count);
        var seat = meeting.Capacity is not { } capacity || (taken < capacity && waiting == 0);
        registration.Status = !seat ? RegistrationStatus.Waitlisted
            : meeting.Moderated ? RegistrationStatus.Pending : RegistrationStatus.Confirmed;
        db.Registrations.Add(registration);

        db.Publish(new RegistrationSubmitted(Guid.CreateVersion7(now), now, registration.ToData(meeting)));
        if (registration.Status == RegistrationStatus.Confirmed)
        {
            db.Publish(new RegistrationConfirmed(Guid.CreateVersion7(now), now, registration.ToData(meeting)));
        }
        else if (registration.Status == RegistrationStatus.Waitlisted)
        {
            db.Publish(new RegistrationWaitlisted(Guid.CreateVersion7(now), now, registration.ToData(meeting), waiting + 1));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return DuplicateEmail(language, registration.Email);
        }

        var view = RegistrationView.From(registration, caller.IsSecretariat,
            registration.Status == RegistrationStatus.Waitlisted ? waiting + 1 : null);
        return TypedResults.Created($"/api/meetings/{id}/registrations/{registration.Id}", view);
    }

    internal static async Task<Results<Ok<RegistrationList>, ValidationProblem, ProblemHttpResult>> ListAsync(
        HttpContext http, Guid id, string? status, int? page, int? pageSize, MeetingsDbContext db, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var caller = Caller.From(http.User);
        var errors = new ValidationErrors(language);
        var (p, size) = Paging.Validate(page, pageSize, errors);
        RegistrationStatus? wanted = null;
        if (status is not null)
        {
            if (Enum.TryParse<RegistrationStatus>(status, true, out var parsed) && status.All(char.IsAsciiLetterLower))
            {
                wanted = parsed;
            }
            else
            {
                errors.Add("status", "Statut inconnu (pending, confirmed, waitlisted, offered, rejected, cancelled).",
                    "Unknown status (pending, confirmed, waitlisted, offered, rejected, cancelled).");
            }
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (meeting is null)
        {
            return MeetingProblems.MeetingNotFound(language, id.ToString());
        }

        var visible = db.Registrations.AsNoTracking().Where(r => r.MeetingId == id);
        if (!caller.IsSecretariat)
        {
            visible = visible.Where(r => r.PartnerCode == caller.PartnerCode);
        }

        var filtered = wanted is { } w ? visible.Where(r => r.Status == w) : visible;
        var total = await filtered.CountAsync(cancellationToken);
        var items = await filtered.OrderBy(r => r.Sequence).Skip((p - 1) * size).Take(size).ToListAsync(cancellationToken);
        var waitingOrder = await db.Registrations.AsNoTracking()
            .Where(r => r.MeetingId == id && r.Status == RegistrationStatus.Waitlisted)
            .OrderBy(r => r.Sequence).Select(r => r.Id).ToListAsync(cancellationToken);

        List<(string Partner, string Status, int Count)> counts;
        if (meeting.PersonalDataErasedAt is null)
        {
            counts = (await visible.GroupBy(r => new { r.PartnerCode, r.Status })
                    .Select(g => new { g.Key.PartnerCode, g.Key.Status, Count = g.Count() })
                    .ToListAsync(cancellationToken))
                .Select(x => (x.PartnerCode, x.Status.ToString().ToLowerInvariant(), x.Count)).ToList();
        }
        else
        {
            var stored = db.DelegationCounts.AsNoTracking().Where(c => c.MeetingId == id);
            if (!caller.IsSecretariat)
            {
                stored = stored.Where(c => c.PartnerCode == caller.PartnerCode);
            }

            counts = (await stored.ToListAsync(cancellationToken)).Select(c => (c.PartnerCode, c.Status, c.Count)).ToList();
        }

        var delegations = counts.GroupBy(c => c.Partner).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DelegationSummary(g.Key, g.ToDictionary(x => x.Status, x => x.Count), g.Sum(x => x.Count)))
            .ToList();
        var taken = await RegistrationWorkflow.SeatsTakenAsync(db, id, cancellationToken);
        var views = items.Select(r =>
        {
            var index = waitingOrder.IndexOf(r.Id);
            return RegistrationView.From(r, caller.IsSecretariat, index < 0 ? null : index + 1);
        }).ToList();
        return TypedResults.Ok(new RegistrationList(views, p, size, total, delegations, meeting.Capacity, taken, meeting.PersonalDataErasedAt));
    }

    internal static async Task<Results<Ok<RegistrationView>, ProblemHttpResult>> GetAsync(
        HttpContext http, Guid id, Guid rid, MeetingsDbContext db, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var caller = Caller.From(http.User);
        var r = await db.Registrations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == rid && x.MeetingId == id, cancellationToken);
        if (r is null || !caller.CanSee(r))
        {
            return MeetingProblems.RegistrationNotFound(language, rid);
        }

        return TypedResults.Ok(RegistrationView.From(r, caller.IsSecretariat, await RegistrationWorkflow.PositionAsync(db, r, cancellationToken)));
    }

    internal static Task<Results<Ok<RegistrationView>, ProblemHttpResult>> ConfirmAsync(
        HttpContext http, Guid id, Guid rid, MeetingsDbContext db, TimeProvider time, IOptions<MeetingsOptions> options,
        CancellationToken cancellationToken) =>
        ChangeAsync(http, id, rid, db, time, options.Value, cancellationToken, (meeting, r, now, language) =>
        {
            if (r.Status != RegistrationStatus.Pending)
            {
                return WrongStatus(language, r, "pending");
            }

            r.Status = RegistrationStatus.Confirmed;
            r.UpdatedAt = now;
            db.Publish(new RegistrationConfirmed(Guid.CreateVersion7(now), now, r.ToData(meeting)));
            return null;
        });

    internal static Task<Results<Ok<RegistrationView>, ProblemHttpResult>> RejectAsync(
        HttpContext http, Guid id, Guid rid, RejectRequest? request, MeetingsDbContext db, TimeProvider time,
        IOptions<MeetingsOptions> options, CancellationToken cancellationToken) =>
        ChangeAsync(http, id, rid, db, time, options.Value, cancellationToken, (meeting, r, now, language) =>
        {
            if (r.Status is not (RegistrationStatus.Pending or RegistrationStatus.Waitlisted or RegistrationStatus.Offered))
            {
                return WrongStatus(language, r, "pending, waitlisted, offered");
            }

            var reason = string.IsNullOrWhiteSpace(request?.Reason) ? null : request.Reason.Trim();
            if (reason?.Length > RegistrationRules.NotesMaxLength)
            {
                return MeetingProblems.Unprocessable(language, ("Motif trop long", "Reason too long"),
                    ($"Le motif dépasse {RegistrationRules.NotesMaxLength} caractères.", $"The reason exceeds {RegistrationRules.NotesMaxLength} characters."), "reason");
            }

            r.Status = RegistrationStatus.Rejected;
            r.RejectionReason = reason;
            r.OfferExpiresAt = null;
            r.UpdatedAt = now;
            db.Publish(new RegistrationRejected(Guid.CreateVersion7(now), now, r.ToData(meeting), reason));
            return null;
        });

    internal static Task<Results<Ok<RegistrationView>, ProblemHttpResult>> AcceptOfferAsync(
        HttpContext http, Guid id, Guid rid, MeetingsDbContext db, TimeProvider time, IOptions<MeetingsOptions> options,
        CancellationToken cancellationToken) =>
        ChangeAsync(http, id, rid, db, time, options.Value, cancellationToken, (meeting, r, now, language) =>
        {
            if (r.Status != RegistrationStatus.Offered)
            {
                return WrongStatus(language, r, "offered");
            }

            if (r.OfferExpiresAt <= now)
            {
                return Problems.Conflict(language, ("Offre expirée", "Offer expired"),
                    ($"L'offre de place a expiré le {r.OfferExpiresAt:u}.", $"The seat offer expired on {r.OfferExpiresAt:u}."));
            }

            // The seat is held already; a moderated meeting still wants the Secretariat's confirmation.
            r.Status = meeting.Moderated ? RegistrationStatus.Pending : RegistrationStatus.Confirmed;
            r.OfferExpiresAt = null;
            r.UpdatedAt = now;
            if (r.Status == RegistrationStatus.Confirmed)
            {
                db.Publish(new RegistrationConfirmed(Guid.CreateVersion7(now), now, r.ToData(meeting)));
            }

            return null;
        });

    internal static Task<Results<Ok<RegistrationView>, ProblemHttpResult>> CancelAsync(
        HttpContext http, Guid id, Guid rid, MeetingsDbContext db, TimeProvider time, IOptions<MeetingsOptions> options,
        CancellationToken cancellationToken) =>
        ChangeAsync(http, id, rid, db, time, options.Value, cancellationToken, (meeting, r, now, language) =>
        {
            if (!r.IsActive)
            {
                return WrongStatus(language, r, "pending, confirmed, waitlisted, offered");
            }

            RegistrationWorkflow.Cancel(db, meeting, r, Caller.From(http.User).IsSecretariat ? "secretariat" : "partner", now);
            return null;
        });

    /// <summary>
    /// One transition of one registration, under the meeting's lock: checks who may see it, applies
    /// <paramref name="change"/>, then offers any seat it freed to the waiting list, and commits once.
    /// </summary>
    private static async Task<Results<Ok<RegistrationView>, ProblemHttpResult>> ChangeAsync(
        HttpContext http, Guid id, Guid rid, MeetingsDbContext db, TimeProvider time, MeetingsOptions options,
        CancellationToken cancellationToken, Func<Meeting, Registration, DateTimeOffset, string, ProblemHttpResult?> change)
    {
        var language = RequestLanguage.Resolve(http);
        var caller = Caller.From(http.User);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var meeting = await RegistrationWorkflow.LockMeetingAsync(db, id, cancellationToken);
        if (meeting is null)
        {
            return MeetingProblems.MeetingNotFound(language, id.ToString());
        }

        var r = await db.Registrations.FirstOrDefaultAsync(x => x.Id == rid && x.MeetingId == id, cancellationToken);
        if (r is null || !caller.CanSee(r))
        {
            return MeetingProblems.RegistrationNotFound(language, rid);
        }

        var now = time.GetUtcNow();
        if (change(meeting, r, now, language) is { } problem)
        {
            return problem;
        }

        await db.SaveChangesAsync(cancellationToken);
        await RegistrationWorkflow.FillSeatsAsync(db, meeting, now, options.OfferDuration, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(RegistrationView.From(r, caller.IsSecretariat, await RegistrationWorkflow.PositionAsync(db, r, cancellationToken)));
    }

    /// <summary>A 422 with a bilingual reason when registration is not open at <paramref name="now"/>.</summary>
    internal static ProblemHttpResult? WindowProblem(Meeting meeting, DateTimeOffset now, string language)
    {
        if (meeting.Status == MeetingStatus.Cancelled)
        {
            return MeetingProblems.Unprocessable(language, ("Réunion annulée", "Meeting cancelled"),
                ("Cette réunion est annulée : les inscriptions sont closes.", "This meeting is cancelled: registration is closed."));
        }

        if (meeting.RegistrationOpensAt is { } opens && now < opens)
        {
            return MeetingProblems.Unprocessable(language, ("Inscriptions pas encore ouvertes", "Registration not open yet"),
                ($"Les inscriptions ouvrent le {opens.UtcDateTime:yyyy-MM-dd HH:mm} UTC.", $"Registration opens on {opens.UtcDateTime:yyyy-MM-dd HH:mm} UTC."));
        }

        var deadline = meeting.EffectiveDeadline();
        if (now >= deadline)
        {
            return MeetingProblems.Unprocessable(language, ("Inscriptions closes", "Registration closed"),
                ($"La date limite d'inscription était le {deadline.UtcDateTime:yyyy-MM-dd HH:mm} UTC.",
                    $"The registration deadline was {deadline.UtcDateTime:yyyy-MM-dd HH:mm} UTC."));
        }

        return null;
    }

    private static ProblemHttpResult DuplicateEmail(string language, string email) => Problems.Conflict(language,
        ("Adresse déjà inscrite", "Email already registered"),
        ($"L'adresse « {email} » est déjà inscrite à cette réunion.", $"The address '{email}' is already registered for this meeting."),
        new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["email"] = [email] } });

    private static ProblemHttpResult WrongStatus(string language, Registration r, string expected) => Problems.Conflict(language,
        ("Transition impossible", "Transition not allowed"),
        ($"L'inscription est « {r.StatusName} » ; cette action attend : {expected}.", $"The registration is '{r.StatusName}'; this action expects: {expected}."));
}
