using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features.Meetings;
using RabatPlatform.Persistence;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>What a meeting's edit or cancellation does to its registrations (see <see cref="IMeetingRegistrations"/>).</summary>
internal sealed class MeetingRegistrations(IOptions<MeetingsOptions> options) : IMeetingRegistrations
{
    public Task FillSeatsAsync(MeetingsDbContext db, Meeting meeting, DateTimeOffset now, CancellationToken cancellationToken) =>
        RegistrationsWorkflow.FillSeatsAsync(db, meeting, now, options.Value.OfferDuration, cancellationToken);

    public async Task CancelAllAsync(MeetingsDbContext db, Meeting meeting, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var active = await db.Registrations
            .Where(r => r.MeetingId == meeting.Id && Registration.Active.Contains(r.Status))
            .OrderBy(r => r.Sequence)
            .ToListAsync(cancellationToken);
        foreach (var r in active)
        {
            RegistrationsWorkflow.Cancel(db, meeting, r, "meeting-cancelled", now);
        }
    }

    public async Task MeetingChangedAsync(
        MeetingsDbContext db, Meeting meeting, IReadOnlyList<string> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var active = await db.Registrations.AsNoTracking()
            .Where(r => r.MeetingId == meeting.Id && Registration.Active.Contains(r.Status))
            .OrderBy(r => r.Sequence)
            .ToListAsync(cancellationToken);
        foreach (var r in active)
        {
            db.Publish(new RegistrationMeetingChanged(Guid.CreateVersion7(now), now, r.ToData(meeting), changes));
        }
    }
}
