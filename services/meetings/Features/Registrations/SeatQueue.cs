using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features.Meetings;
using RabatPlatform.Persistence;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>A valid registration waiting for its seat decision, with the request's time, language and trace.</summary>
internal sealed record SeatRequest(Registration Registration, DateTimeOffset Now, string Language, Activity? Activity)
{
    public TaskCompletionSource<(ProblemHttpResult? Problem, int Waiting)> Outcome { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Takes seats in batches (group commit). Registrations for one meeting queue up in this instance; one drain at a time
/// per meeting takes every waiting request (up to <see cref="MaxBatch"/>) and decides them all in one transaction
/// under the meeting's row lock (<see cref="SeatTaking.DecideAsync"/>): one lock, one read of the counts, one insert
/// batch and one commit for the whole batch instead of five round trips each. The lock still serialises instances
/// and every other seat-changing write, so the counts read under it stay true until the commit.
/// </summary>
internal sealed class SeatQueue(IServiceScopeFactory scopes)
{
    public const int MaxBatch = 128;

    private readonly ConcurrentDictionary<Guid, Line> lines = new();

    public Task<(ProblemHttpResult? Problem, int Waiting)> SubmitAsync(
        Guid meetingId, Registration registration, DateTimeOffset now, string language)
    {
        var request = new SeatRequest(registration, now, language, Activity.Current);
        var line = lines.GetOrAdd(meetingId, _ => new Line());
        bool drain;
        lock (line)
        {
            line.Waiting.Add(request);
            drain = !line.Draining;
            line.Draining = true;
        }

        if (drain)
        {
            // Not on the caller's cancellation: the drain decides for every request in the line.
            _ = Task.Run(() => DrainAsync(meetingId, line), CancellationToken.None);
        }

        return request.Outcome.Task;
    }

    private async Task DrainAsync(Guid meetingId, Line line)
    {
        while (true)
        {
            List<SeatRequest> batch;
            lock (line)
            {
                if (line.Waiting.Count == 0)
                {
                    line.Draining = false;
                    return;
                }

                batch = line.Waiting.Take(MaxBatch).ToList();
                line.Waiting.RemoveRange(0, batch.Count);
            }

            try
            {
                var outcomes = await DecideAsync(meetingId, batch);
                if (outcomes is null)
                {
                    // A unique key taken meanwhile inside the batch: decide each on its own, so only the culprit is refused.
                    foreach (var request in batch)
                    {
                        var single = await DecideAsync(meetingId, [request]);
                        request.Outcome.TrySetResult(single?[0] ?? (RegistrationsProblems.DuplicateEmail(request.Language, request.Registration.Email), 0));
                    }

                    continue;
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Outcome.TrySetResult(outcomes[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var request in batch)
                {
                    request.Outcome.TrySetException(ex);
                }
            }
        }
    }

    private async Task<(ProblemHttpResult? Problem, int Waiting)[]?> DecideAsync(Guid meetingId, IReadOnlyList<SeatRequest> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MeetingsDbContext>();
        return await SeatTaking.DecideAsync(db, meetingId, batch, CancellationToken.None);
    }

    private sealed class Line
    {
        public List<SeatRequest> Waiting { get; } = [];

        public bool Draining { get; set; }
    }
}

/// <summary>The seat decisions of a batch of registrations for one meeting, under its row lock.</summary>
internal static class SeatTaking
{
    /// <summary>
    /// Locks the meeting, reads the counts that decide once (seats taken, waiting, per delegation, addresses already
    /// registered by the batch's delegations), then decides each request in arrival order: refused (window, quota, same
    /// address), confirmed or pending (a free seat and nobody waiting), or waitlisted. The accepted ones get their places
    /// in line (<see cref="Registration.Sequence"/>) from the identity in that order, and everything commits at once.
    /// Null when the save hit a unique key (the caller decides each request alone).
    /// </summary>
    public static async Task<(ProblemHttpResult? Problem, int Waiting)[]?> DecideAsync(
        MeetingsDbContext db, Guid id, IReadOnlyList<SeatRequest> batch, CancellationToken cancellationToken)
    {
        var outcomes = new (ProblemHttpResult? Problem, int Waiting)[batch.Count];
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var meeting = await MeetingsWorkflow.LockMeetingAsync(db, id, cancellationToken);
        if (meeting is null)
        {
            return batch.Select(r => ((ProblemHttpResult?)MeetingsProblems.MeetingNotFound(r.Language, id.ToString()), 0)).ToArray();
        }

        var partners = batch.Select(r => r.Registration.PartnerCode).Distinct().ToList();
        var emails = batch.Select(r => r.Registration.Email).Distinct().ToList();
        var counts = await db.Registrations
            .Where(r => r.MeetingId == id && Registration.Active.Contains(r.Status))
            .GroupBy(r => new { r.Status, r.PartnerCode })
            .Select(g => new { g.Key.Status, g.Key.PartnerCode, Count = g.Count() })
            .ToListAsync(cancellationToken);
        // The one-email rule is per delegation: another delegation's registrations must not change the answer.
        var registered = (await db.Registrations
                .Where(r => r.MeetingId == id && Registration.Active.Contains(r.Status) && emails.Contains(r.Email) && partners.Contains(r.PartnerCode))
                .Select(r => new { r.Email, r.PartnerCode })
                .ToListAsync(cancellationToken))
            .Select(r => (r.Email, r.PartnerCode)).ToHashSet();
        var taken = counts.Where(c => Registration.SeatHolding.Contains(c.Status)).Sum(c => c.Count);
        var waiting = counts.Where(c => c.Status == RegistrationStatus.Waitlisted).Sum(c => c.Count);
        var delegations = counts.GroupBy(c => c.PartnerCode).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));

        var accepted = new List<Registration>();
        var current = Activity.Current;
        for (var i = 0; i < batch.Count; i++)
        {
            var (registration, now, language, activity) = batch[i];
            var (email, partnerCode) = (registration.Email, registration.PartnerCode);
            var delegation = delegations.GetValueOrDefault(partnerCode);
            if (RegistrationsProblems.Window(meeting, now, language) is { } closedMeanwhile)
            {
                outcomes[i] = (closedMeanwhile, 0);
                continue;
            }

            if (meeting.DelegationQuota is { } quota && delegation >= quota)
            {
                outcomes[i] = (RegistrationsProblems.QuotaReached(language, partnerCode, quota), 0);
                continue;
            }

            if (!registered.Add((email, partnerCode)))
            {
                outcomes[i] = (RegistrationsProblems.DuplicateEmail(language, email), 0);
                continue;
            }

            delegations[partnerCode] = delegation + 1;
            var seat = meeting.Capacity is not { } capacity || (taken < capacity && waiting == 0);
            registration.Status = !seat ? RegistrationStatus.Waitlisted
                : meeting.Moderated ? RegistrationStatus.Pending : RegistrationStatus.Confirmed;
            accepted.Add(registration);
            outcomes[i] = (null, waiting);

            // Each event continues the trace of the request that submitted it.
            Activity.Current = activity;
            db.Publish(new RegistrationSubmitted(Guid.CreateVersion7(now), now, registration.ToData(meeting)));
            if (registration.Status == RegistrationStatus.Confirmed)
            {
                db.Publish(new RegistrationConfirmed(Guid.CreateVersion7(now), now, registration.ToData(meeting)));
            }
            else if (registration.Status == RegistrationStatus.Waitlisted)
            {
                db.Publish(new RegistrationWaitlisted(Guid.CreateVersion7(now), now, registration.ToData(meeting), waiting + 1));
            }

            Activity.Current = current;
            if (seat)
            {
                taken++;
            }
            else
            {
                waiting++;
            }
        }

        if (accepted.Count == 0)
        {
            return outcomes;
        }

        // Places in line in decision order, whatever order the inserts go in.
        var places = await db.Database
            .SqlQuery<long>($"SELECT nextval(pg_get_serial_sequence('registrations', 'sequence')) AS \"Value\" FROM generate_series(1, {accepted.Count})")
            .ToListAsync(cancellationToken);
        places.Sort();
        for (var i = 0; i < accepted.Count; i++)
        {
            accepted[i].PlaceInLine(places[i]);
        }

        db.Registrations.AddRange(accepted);
        switch ((await db.TrySaveChangesAsync(cancellationToken)).Outcome)
        {
            case SaveOutcome.UniqueViolation:
                return null;
            case SaveOutcome.ConcurrentEdit:
                return batch.Select(r => ((ProblemHttpResult?)MeetingsProblems.ConcurrentEdit(r.Language), 0)).ToArray();
        }

        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }
}
