using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features.Meetings;
using RabatPlatform.Persistence.Jobs;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>
/// The meetings service's clockwork, every <see cref="MeetingsOptions.JobInterval"/>: expired seat offers pass
/// to the next waiting delegate; <c>meeting.registration_opened</c> and
/// <c>meeting.registration_deadline_approaching</c> are written once each; delegates' personal data is erased
/// <see cref="MeetingsOptions.PersonalDataRetention"/> after a meeting ends (counts per delegation remain).
/// </summary>
/// <remarks>
/// Several replicas: one pass at a time runs, under the job lease <see cref="JobName"/> (<see cref="JobLease"/>); the
/// others skip theirs. Each job is also safe on its own when two passes overlap (a lease lost with its connection):
/// offer expiry and erasure lock the meeting's row (<c>FOR UPDATE</c>) and re-read what is due under the lock, and the
/// two announcements mark the meeting in the same save as their event, checked against its concurrency token (xmin),
/// so an announcement is written once. A replica that dies mid-pass releases the lease with its connection; the next
/// pass of another replica takes over.
/// </remarks>
public sealed partial class RegistrationsJobs(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<MeetingsOptions> options, ILogger<RegistrationsJobs> logger) : BackgroundService
{
    public static readonly ActivitySource ActivitySource = new("RabatPlatform.Meetings.Jobs");

    /// <summary>The job lease of the passes (one replica at a time).</summary>
    public const string JobName = "meetings.registrations-jobs";

    /// <summary>The rounds this loop completed (tests await the next ones instead of sleeping).</summary>
    public JobRounds Rounds { get; } = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.JobInterval, time);
        do
        {
            try
            {
                await JobLease.RunAloneAsync<MeetingsDbContext>(scopes, JobName, RunOnceAsync, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
            }

            Rounds.Complete();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// One pass of every job. A job that finds work traces it (<c>meetings.jobs …</c>); an idle pass makes no
    /// trace, so polling every <see cref="MeetingsOptions.JobInterval"/> never fills the trace store.
    /// </summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await ExpireOffersAsync(cancellationToken);
        await AnnounceWindowsAsync(cancellationToken);
        await ErasePersonalDataAsync(cancellationToken);
    }

    private async Task ExpireOffersAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<Guid> meetingIds;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MeetingsDbContext>();
            meetingIds = await db.Registrations
                .Where(r => r.Status == RegistrationStatus.Offered && r.OfferExpiresAt <= now)
                .Select(r => r.MeetingId).Distinct().ToListAsync(cancellationToken);
        }

        using var activity = meetingIds.Count == 0 ? null : ActivitySource.StartActivity("meetings.jobs expire-offers");
        activity?.SetTag("rabat.meetings.count", meetingIds.Count);
        foreach (var meetingId in meetingIds)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MeetingsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var meeting = await MeetingsWorkflow.LockMeetingAsync(db, meetingId, cancellationToken);
            if (meeting is null)
            {
                continue;
            }

            var expired = await db.Registrations
                .Where(r => r.MeetingId == meetingId && r.Status == RegistrationStatus.Offered && r.OfferExpiresAt <= now)
                .OrderBy(r => r.Sequence)
                .ToListAsync(cancellationToken);
            foreach (var r in expired)
            {
                RegistrationsWorkflow.Cancel(db, meeting, r, "offer-expired", now);
            }

            await db.SaveChangesAsync(cancellationToken);
            await RegistrationsWorkflow.FillSeatsAsync(db, meeting, now, options.Value.OfferDuration, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogOffersExpired(expired.Count, meetingId);
        }
    }

    private async Task AnnounceWindowsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reminderHorizon = now.AddDays(options.Value.DeadlineReminderDays);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MeetingsDbContext>();
        var toOpen = await db.Meetings
            .Where(m => m.Status == MeetingStatus.Announced && m.RegistrationOpenedAnnouncedAt == null
                && (m.RegistrationOpensAt == null || m.RegistrationOpensAt <= now))
            .OrderBy(m => m.RegistrationOpensAt).ThenBy(m => m.Id)
            .Take(100)
            .ToListAsync(cancellationToken);
        var toRemind = await db.Meetings
            .Where(m => m.Status == MeetingStatus.Announced && m.DeadlineReminderSentAt == null
                && m.RegistrationDeadline != null && m.RegistrationDeadline <= reminderHorizon
                && (m.RegistrationOpensAt == null || m.RegistrationOpensAt <= now))
            .OrderBy(m => m.RegistrationDeadline).ThenBy(m => m.Id)
            .Take(100)
            .ToListAsync(cancellationToken);
        if (toOpen.Count == 0 && toRemind.Count == 0)
        {
            return;
        }

        using var activity = ActivitySource.StartActivity("meetings.jobs announce-windows");
        activity?.SetTag("rabat.meetings.count", toOpen.Count + toRemind.Count);
        foreach (var m in toOpen)
        {
            var deadline = m.EffectiveDeadline();
            m.RegistrationOpenedAnnouncedAt = now;
            if (now < deadline)
            {
                db.Publish(new MeetingRegistrationOpened(Guid.CreateVersion7(now), now, m.Id, m.RegistrationOpensAt ?? now, deadline));
            }
        }

        foreach (var m in toRemind)
        {
            m.DeadlineReminderSentAt = now;
            var deadline = m.RegistrationDeadline!.Value;
            if (now < deadline)
            {
                var daysLeft = (int)Math.Ceiling((deadline - now).TotalDays);
                db.Publish(new MeetingRegistrationDeadlineApproaching(Guid.CreateVersion7(now), now, m.Id, deadline, daysLeft));
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance (or an edit) got there first; the next pass sees the new state.
        }
    }

    private async Task ErasePersonalDataAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var retention = options.Value.PersonalDataRetention;
        // A day of margin for time zones; the exact end is checked per meeting.
        var lastDay = DateOnly.FromDateTime((now - retention).UtcDateTime).AddDays(1);
        List<Guid> candidates;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MeetingsDbContext>();
            candidates = (await db.Meetings.AsNoTracking()
                    .Where(m => m.PersonalDataErasedAt == null && m.EndDate <= lastDay)
                    .OrderBy(m => m.EndDate).ThenBy(m => m.Id)
                    .Take(100)
                    .ToListAsync(cancellationToken))
                .Where(m => m.EndsAt() + retention <= now)
                .Select(m => m.Id)
                .ToList();
        }

        using var activity = candidates.Count == 0 ? null : ActivitySource.StartActivity("meetings.jobs erase-personal-data");
        activity?.SetTag("rabat.meetings.count", candidates.Count);
        foreach (var meetingId in candidates)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MeetingsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var meeting = await MeetingsWorkflow.LockMeetingAsync(db, meetingId, cancellationToken);
            if (meeting is null || meeting.PersonalDataErasedAt is not null)
            {
                continue;
            }

            var counts = await db.Registrations.Where(r => r.MeetingId == meetingId)
                .GroupBy(r => new { r.PartnerCode, r.Status })
                .Select(g => new { g.Key.PartnerCode, g.Key.Status, Count = g.Count() })
                .ToListAsync(cancellationToken);
            foreach (var c in counts)
            {
                db.DelegationCounts.Add(new DelegationCount
                {
                    MeetingId = meetingId,
                    PartnerCode = c.PartnerCode,
                    Status = c.Status.ToString().ToLowerInvariant(),
                    Count = c.Count,
                });
            }

            // The other services erase their copies about this meeting (mails, outbox payloads, error queues).
            var emails = await db.Registrations.Where(r => r.MeetingId == meetingId).Select(r => r.Email).Distinct().ToListAsync(cancellationToken);
            if (emails.Count > 0)
            {
                RegistrationsErasureWorkflow.MeetingErased(db, meetingId, emails, now);
            }

            meeting.PersonalDataErasedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            var erased = await db.Registrations.Where(r => r.MeetingId == meetingId).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogErased(erased, meetingId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A pass of the meetings jobs failed")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} seat offer(s) expired for meeting {MeetingId}")]
    private partial void LogOffersExpired(int count, Guid meetingId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased the personal data of {Count} registration(s) of meeting {MeetingId}")]
    private partial void LogErased(int count, Guid meetingId);
}
