using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features.Meetings;
using RabatPlatform.Persistence.Operations;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>
/// Erasure of delegates' personal data as events: the operator's erasure of a person everywhere starts here
/// (<see cref="Request"/>), the retention erasure of a meeting tells the other services (<see cref="MeetingErased"/>),
/// and this service's part of a person's erasure deletes their registrations (<see cref="ErasePersonAsync"/>).
/// </summary>
internal static class RegistrationsErasureWorkflow
{
    /// <summary>The operator action recorded when an erasure is asked for (each service records its part as <c>erasure</c>).</summary>
    public const string Action = "erase-person";

    /// <summary>Queues <c>person.erasure_requested</c> for <paramref name="email"/> and records who asked (saved by the caller).</summary>
    public static PersonErasureRequested Request(MeetingsDbContext db, string email, string requestedBy, DateTimeOffset now)
    {
        var erasure = PersonErasureRequested.For(now, ErasureScopes.Person, null, [email], requestedBy);
        db.Publish(erasure);
        db.OperatorActions.Add(new OperatorAction(Guid.CreateVersion7(now), now, Action, requestedBy,
            JsonSerializer.Serialize(new { erasure.EventId, erasure.Scope })));
        return erasure;
    }

    /// <summary>The event of a meeting's retention erasure: the other services erase their copies about that meeting.</summary>
    public static PersonErasureRequested MeetingErased(MeetingsDbContext db, Guid meetingId, IEnumerable<string> emails, DateTimeOffset now)
    {
        var erasure = PersonErasureRequested.For(now, ErasureScopes.Meeting, meetingId, emails, "meetings retention");
        db.Publish(erasure);
        return erasure;
    }

    /// <summary>
    /// A person's registrations go, in every meeting (in the consumer's transaction); the seats they held are
    /// offered to the waiting list. No event names them: nothing is mailed to an erased address.
    /// </summary>
    public static async Task<int> ErasePersonAsync(
        MeetingsDbContext db, PersonErasureRequested erasure, DateTimeOffset now, TimeSpan offerDuration, CancellationToken cancellationToken)
    {
        if (erasure.Scope != ErasureScopes.Person)
        {
            return 0;
        }

        var all = await db.Registrations.AsNoTracking().Select(r => new { r.Id, r.MeetingId, r.Email }).ToListAsync(cancellationToken);
        var theirs = all.Where(r => erasure.Names(r.Email)).ToList();
        foreach (var meetingId in theirs.Select(r => r.MeetingId).Distinct().Order())
        {
            var meeting = await MeetingsWorkflow.LockMeetingAsync(db, meetingId, cancellationToken);
            var ids = theirs.Where(r => r.MeetingId == meetingId).Select(r => r.Id).ToList();
            await db.Registrations.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
            if (meeting is not null)
            {
                await RegistrationsWorkflow.FillSeatsAsync(db, meeting, now, offerDuration, cancellationToken);
            }
        }

        return theirs.Count;
    }
}
