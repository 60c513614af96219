using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features.Meetings;
using RabatPlatform.Persistence;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>
/// The seat accounting of a meeting. Every change that can take or free a seat runs in a transaction that
/// first locks the meeting's row (<c>SELECT … FOR UPDATE</c>, <see cref="MeetingsWorkflow.LockMeetingAsync"/>): changes to one meeting's registrations are
/// serialised, so counts read under the lock stay true until the commit — never overbooked, nothing lost. New
/// registrations take their seats in batches under the same lock (<see cref="SeatQueue"/>).
/// </summary>
internal static class RegistrationsWorkflow
{
    public static Task<int> SeatsTakenAsync(MeetingsDbContext db, Guid meetingId, CancellationToken cancellationToken) =>
        db.Registrations.CountAsync(r => r.MeetingId == meetingId && Registration.SeatHolding.Contains(r.Status), cancellationToken);

    public static Task<int> WaitingAsync(MeetingsDbContext db, Guid meetingId, CancellationToken cancellationToken) =>
        db.Registrations.CountAsync(r => r.MeetingId == meetingId && r.Status == RegistrationStatus.Waitlisted, cancellationToken);

    /// <summary>The 1-based place of a waiting registration in its meeting's waiting list.</summary>
    public static async Task<int?> PositionAsync(MeetingsDbContext db, Registration r, CancellationToken cancellationToken) =>
        r.Status != RegistrationStatus.Waitlisted
            ? null
            : await db.Registrations.CountAsync(
                x => x.MeetingId == r.MeetingId && x.Status == RegistrationStatus.Waitlisted && x.Sequence <= r.Sequence, cancellationToken);

    /// <summary>
    /// Offers every free seat to the first waiting delegates, in arrival order (call under the meeting's lock,
    /// after saving the change that freed the seats).
    /// </summary>
    public static async Task FillSeatsAsync(
        MeetingsDbContext db, Meeting meeting, DateTimeOffset now, TimeSpan offerDuration, CancellationToken cancellationToken)
    {
        if (meeting.Status != MeetingStatus.Announced || meeting.Capacity is not { } capacity || now >= meeting.EndsAt())
        {
            return;
        }

        var free = capacity - await SeatsTakenAsync(db, meeting.Id, cancellationToken);
        if (free <= 0)
        {
            return;
        }

        var next = await db.Registrations
            .Where(r => r.MeetingId == meeting.Id && r.Status == RegistrationStatus.Waitlisted)
            .OrderBy(r => r.Sequence)
            .Take(free)
            .ToListAsync(cancellationToken);
        foreach (var r in next)
        {
            r.Status = RegistrationStatus.Offered;
            r.OfferExpiresAt = now + offerDuration;
            r.UpdatedAt = now;
            db.Publish(new RegistrationPromoted(Guid.CreateVersion7(now), now, r.ToData(meeting), r.OfferExpiresAt.Value));
        }
    }

    /// <summary>Cancels a registration and writes its event; true when it held a seat.</summary>
    public static bool Cancel(MeetingsDbContext db, Meeting meeting, Registration r, string cancelledBy, DateTimeOffset now)
    {
        var heldSeat = r.HoldsSeat;
        r.Status = RegistrationStatus.Cancelled;
        r.OfferExpiresAt = null;
        r.UpdatedAt = now;
        db.Publish(new RegistrationCancelled(Guid.CreateVersion7(now), now, r.ToData(meeting), cancelledBy));
        return heldSeat;
    }

    /// <summary>
    /// For the Secretariat: for each of <paramref name="registrations"/> that is active, the other delegations that hold an
    /// active registration of the same address for the same meeting (one person registered by two delegations).
    /// </summary>
    public static async Task<Dictionary<Guid, IReadOnlyList<string>>> AlsoRegisteredByAsync(
        MeetingsDbContext db, Guid meetingId, IReadOnlyCollection<Registration> registrations, CancellationToken cancellationToken)
    {
        var emails = registrations.Where(r => r.IsActive).Select(r => r.Email).Distinct().ToList();
        var others = await db.Registrations.AsNoTracking()
            .Where(x => x.MeetingId == meetingId && emails.Contains(x.Email) && Registration.Active.Contains(x.Status))
            .Select(x => new { x.Email, x.PartnerCode })
            .ToListAsync(cancellationToken);
        return registrations.ToDictionary(r => r.Id, r => (IReadOnlyList<string>)(r.IsActive
            ? others.Where(o => o.Email == r.Email && o.PartnerCode != r.PartnerCode).Select(o => o.PartnerCode)
                .Distinct().Order(StringComparer.Ordinal).ToList()
            : []));
    }

    /// <summary>
    /// One transition of one registration, under the meeting's lock: checks who may see it, applies
    /// <paramref name="change"/>, then offers any seat it freed to the waiting list, and commits once.
    /// </summary>
    public static async Task<(ProblemHttpResult? Problem, Registration? Registration)> ChangeAsync(
        MeetingsDbContext db, Guid id, Guid rid, Caller caller, TimeProvider time, TimeSpan offerDuration, string language,
        Func<Meeting, Registration, DateTimeOffset, ProblemHttpResult?> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var meeting = await MeetingsWorkflow.LockMeetingAsync(db, id, cancellationToken);
        if (meeting is null)
        {
            return (MeetingsProblems.MeetingNotFound(language, id.ToString()), null);
        }

        var r = await db.Registrations.FirstOrDefaultAsync(x => x.Id == rid && x.MeetingId == id, cancellationToken);
        if (r is null || !caller.CanSee(r))
        {
            return (RegistrationsProblems.RegistrationNotFound(language, rid), null);
        }

        var now = time.GetUtcNow();
        if (change(meeting, r, now) is { } problem)
        {
            return (problem, null);
        }

        await db.SaveChangesAsync(cancellationToken);
        await FillSeatsAsync(db, meeting, now, offerDuration, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (null, r);
    }

    /// <summary>
    /// A page of a meeting's registrations as <paramref name="caller"/> may see them, with the counts per delegation
    /// (stored ones once personal data is erased), seats taken and waiting positions.
    /// </summary>
    public static async Task<RegistrationList> ListAsync(
        MeetingsDbContext db, Meeting meeting, Caller caller, RegistrationsFilter filter, CancellationToken cancellationToken)
    {
        var (id, p, size) = (meeting.Id, filter.Page, filter.PageSize);
        var visible = db.Registrations.AsNoTracking().Where(r => r.MeetingId == id);
        if (!caller.IsSecretariat)
        {
            visible = visible.Where(r => r.PartnerCode == caller.PartnerCode);
        }

        var filtered = filter.Status is { } w ? visible.Where(r => r.Status == w) : visible;
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
        var taken = await SeatsTakenAsync(db, id, cancellationToken);
        var duplicates = caller.IsSecretariat ? await AlsoRegisteredByAsync(db, id, items, cancellationToken) : null;
        var views = items.Select(r =>
        {
            var index = waitingOrder.IndexOf(r.Id);
            return RegistrationView.From(r, caller.IsSecretariat, index < 0 ? null : index + 1, duplicates?[r.Id]);
        }).ToList();
        return new RegistrationList(views, p, size, total, delegations, meeting.Capacity, taken, meeting.PersonalDataErasedAt);
    }

    public static ProblemHttpResult? Confirm(MeetingsDbContext db, Meeting meeting, Registration r, DateTimeOffset now, string language)
    {
        if (r.Status != RegistrationStatus.Pending)
        {
            return RegistrationsProblems.WrongStatus(language, r, "pending");
        }

        r.Status = RegistrationStatus.Confirmed;
        r.UpdatedAt = now;
        db.Publish(new RegistrationConfirmed(Guid.CreateVersion7(now), now, r.ToData(meeting)));
        return null;
    }

    public static ProblemHttpResult? Reject(
        MeetingsDbContext db, Meeting meeting, Registration r, RejectRequest? request, DateTimeOffset now, string language)
    {
        if (r.Status is not (RegistrationStatus.Pending or RegistrationStatus.Waitlisted or RegistrationStatus.Offered))
        {
            return RegistrationsProblems.WrongStatus(language, r, "pending, waitlisted, offered");
        }

        var reason = string.IsNullOrWhiteSpace(request?.Reason) ? null : request.Reason.Trim();
        if (reason?.Length > RegistrationRules.NotesMaxLength)
        {
            return RegistrationsProblems.ReasonTooLong(language);
        }

        r.Status = RegistrationStatus.Rejected;
        r.RejectionReason = reason;
        r.OfferExpiresAt = null;
        r.UpdatedAt = now;
        db.Publish(new RegistrationRejected(Guid.CreateVersion7(now), now, r.ToData(meeting), reason));
        return null;
    }

    public static ProblemHttpResult? AcceptOffer(MeetingsDbContext db, Meeting meeting, Registration r, DateTimeOffset now, string language)
    {
        if (r.Status != RegistrationStatus.Offered)
        {
            return RegistrationsProblems.WrongStatus(language, r, "offered");
        }

        if (r.OfferExpiresAt <= now)
        {
            return RegistrationsProblems.OfferExpired(language, r);
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
    }

    public static ProblemHttpResult? Withdraw(MeetingsDbContext db, Meeting meeting, Registration r, Caller caller, DateTimeOffset now, string language)
    {
        if (!r.IsActive)
        {
            return RegistrationsProblems.WrongStatus(language, r, "pending, confirmed, waitlisted, offered");
        }

        Cancel(db, meeting, r, caller.IsSecretariat ? "secretariat" : "partner", now);
        return null;
    }
}
