using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features.Meetings;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>
/// The seat accounting of a meeting. Every change that can take or free a seat runs in a transaction that
/// first locks the meeting's row (<c>SELECT … FOR UPDATE</c>): changes to one meeting's registrations are
/// serialised, so counts read under the lock stay true until the commit — never overbooked, nothing lost.
/// </summary>
internal static class RegistrationWorkflow
{
    /// <summary>Locks the meeting's row until the current transaction ends, then loads it (null: no such meeting).</summary>
    public static async Task<Meeting?> LockMeetingAsync(MeetingsDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var locked = await db.Database
            .SqlQuery<Guid>($"SELECT id AS \"Value\" FROM meetings WHERE id = {id} FOR UPDATE")
            .ToListAsync(cancellationToken);
        if (locked.Count == 0)
        {
            return null;
        }

        // Read after the lock, so it is the committed state; callers lock before this context tracks the meeting.
        return await db.Meetings.FirstAsync(m => m.Id == id, cancellationToken);
    }

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
}
