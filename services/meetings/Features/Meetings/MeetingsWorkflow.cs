using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Persistence;

namespace RabatPlatform.Meetings.Features.Meetings;

public enum MeetingWriteOutcome
{
    Saved,
    NotFound,
    CancelledNotEditable,
    AlreadyAnnounced,
    AlreadyCancelled,
    UnknownPartners,
    SlugTaken,
    ConcurrentEdit,
}

/// <summary>What became of a write to a meeting: saved (with the meeting), or why it was refused.</summary>
public sealed record MeetingWrite(
    MeetingWriteOutcome Outcome, Meeting? Meeting = null, IReadOnlyList<string>? UnknownPartners = null, MeetingTranslation? Slug = null)
{
    public bool IsSaved => Outcome == MeetingWriteOutcome.Saved;
}

/// <summary>
/// What a change of a meeting does to its registrations. The Registrations feature implements it, so that
/// meetings never depend on registrations (registrations depend on meetings).
/// </summary>
public interface IMeetingRegistrations
{
    /// <summary>Offers the seats a change freed to the waiting list (under the meeting's lock, after saving the change).</summary>
    Task FillSeatsAsync(MeetingsDbContext db, Meeting meeting, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Cancels every active registration of a meeting being cancelled, in arrival order, with their events.</summary>
    Task CancelAllAsync(MeetingsDbContext db, Meeting meeting, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Tells every active registration's delegate that the meeting moved (<c>registration.meeting_changed</c>).</summary>
    Task MeetingChangedAsync(
        MeetingsDbContext db, Meeting meeting, IReadOnlyList<string> changes, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// Creating, editing and cancelling a meeting. An edit or a cancellation locks the meeting's row first
/// (<see cref="LockMeetingAsync"/>), like every change to its registrations.
/// </summary>
internal static class MeetingsWorkflow
{
    /// <summary>
    /// Locks the meeting's row until the current transaction ends and loads it in the same statement (null: no such
    /// meeting; <c>xmin</c> is its concurrency token). <c>FOR UPDATE</c> waits for a writer holding the lock and returns
    /// the row as that writer committed it; callers lock before this context tracks the meeting (a tracked instance
    /// would be returned as it was).
    /// </summary>
    public static async Task<Meeting?> LockMeetingAsync(MeetingsDbContext db, Guid id, CancellationToken cancellationToken) =>
        (await db.Meetings.FromSql($"SELECT *, xmin FROM meetings WHERE id = {id} FOR UPDATE").ToListAsync(cancellationToken))
            .SingleOrDefault();

    public static async Task<MeetingWrite> CreateAsync(
        MeetingsDbContext db, MeetingInput input, TimeProvider time, string calendarUidDomain, CancellationToken cancellationToken)
    {
        if (await CheckAsync(db, input, null, cancellationToken) is { } refused)
        {
            return refused;
        }

        var now = time.GetUtcNow();
        var meeting = Meeting.Create(now, calendarUidDomain);
        input.ApplyTo(meeting);
        meeting.Status = input.Status;
        db.Meetings.Add(meeting);
        if (meeting.Status == MeetingStatus.Announced)
        {
            db.Publish(new MeetingAnnounced(Guid.CreateVersion7(now), now, meeting.Id, meeting.ToData()));
        }

        return await TrySaveAsync(db, input, meeting, cancellationToken);
    }

    public static async Task<MeetingWrite> UpdateAsync(
        MeetingsDbContext db, IMeetingRegistrations registrations, Guid id, MeetingInput input, TimeProvider time,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var meeting = await LockMeetingAsync(db, id, cancellationToken);
        if (meeting is null)
        {
            return new(MeetingWriteOutcome.NotFound);
        }

        if (meeting.Status == MeetingStatus.Cancelled)
        {
            return new(MeetingWriteOutcome.CancelledNotEditable);
        }

        if (meeting.Status == MeetingStatus.Announced && input.Status == MeetingStatus.Planned)
        {
            return new(MeetingWriteOutcome.AlreadyAnnounced);
        }

        if (await CheckAsync(db, input, id, cancellationToken) is { } refused)
        {
            return refused;
        }

        var now = time.GetUtcNow();
        var wasAnnounced = meeting.Status == MeetingStatus.Announced;
        var before = meeting.CalendarFacts();
        input.ApplyTo(meeting);
        meeting.Status = input.Status;
        meeting.UpdatedAt = now;
        var changes = meeting.RecordCalendarChanges(before);
        if (meeting.Status == MeetingStatus.Announced)
        {
            if (wasAnnounced)
            {
                db.Publish(new MeetingUpdated(Guid.CreateVersion7(now), now, meeting.Id, meeting.ToData()));
            }
            else
            {
                db.Publish(new MeetingAnnounced(Guid.CreateVersion7(now), now, meeting.Id, meeting.ToData()));
            }
        }

        var saved = await TrySaveAsync(db, input, meeting, cancellationToken);
        if (!saved.IsSaved)
        {
            return saved;
        }

        // More seats: the waiting list moves up. A moved meeting: its delegates hear of it, with the updated calendar.
        await registrations.FillSeatsAsync(db, meeting, now, cancellationToken);
        if (wasAnnounced && changes.Any(c => c is "dates" or "place"))
        {
            await registrations.MeetingChangedAsync(db, meeting, changes.Where(c => c != "status").ToList(), now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return saved;
    }

    public static async Task<MeetingWrite> CancelAsync(
        MeetingsDbContext db, IMeetingRegistrations registrations, Guid id, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var meeting = await LockMeetingAsync(db, id, cancellationToken);
        if (meeting is null)
        {
            return new(MeetingWriteOutcome.NotFound);
        }

        if (meeting.Status == MeetingStatus.Cancelled)
        {
            return new(MeetingWriteOutcome.AlreadyCancelled);
        }

        var now = time.GetUtcNow();
        var wasAnnounced = meeting.Status == MeetingStatus.Announced;
        var before = meeting.CalendarFacts();
        meeting.Status = MeetingStatus.Cancelled;
        meeting.UpdatedAt = now;
        _ = meeting.RecordCalendarChanges(before); // the delegates' cancellations carry the bumped SEQUENCE
        await registrations.CancelAllAsync(db, meeting, now, cancellationToken);
        if (wasAnnounced)
        {
            db.Publish(new MeetingCancelled(Guid.CreateVersion7(now), now, meeting.Id, meeting.Slugs()));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(MeetingWriteOutcome.Saved, meeting);
    }

    /// <summary>Checks what needs the database: co-chairs are known partners, slugs are free.</summary>
    private static async Task<MeetingWrite?> CheckAsync(MeetingsDbContext db, MeetingInput input, Guid? except, CancellationToken cancellationToken)
    {
        if (input.CoChairs.Count > 0)
        {
            var known = await db.Partners.Where(p => input.CoChairs.Contains(p.Code)).Select(p => p.Code).ToListAsync(cancellationToken);
            var unknown = input.CoChairs.Except(known).ToList();
            if (unknown.Count > 0)
            {
                return new(MeetingWriteOutcome.UnknownPartners, UnknownPartners: unknown);
            }
        }

        foreach (var t in input.Translations)
        {
            if (await db.Meetings.AnyAsync(
                    m => m.Id != except && m.Translations.Any(x => x.Language == t.Language && x.Slug == t.Slug), cancellationToken))
            {
                return new(MeetingWriteOutcome.SlugTaken, Slug: t);
            }
        }

        return null;
    }

    /// <summary>Saves; a slug taken meanwhile names the first version's slug, as the check before it would have.</summary>
    private static async Task<MeetingWrite> TrySaveAsync(MeetingsDbContext db, MeetingInput input, Meeting meeting, CancellationToken cancellationToken) =>
        (await db.TrySaveChangesAsync(cancellationToken)).Outcome switch
        {
            SaveOutcome.Saved => new(MeetingWriteOutcome.Saved, meeting),
            SaveOutcome.UniqueViolation => new(MeetingWriteOutcome.SlugTaken, Slug: input.Translations[0]),
            _ => new(MeetingWriteOutcome.ConcurrentEdit),
        };
}
