using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features.Meetings;
using RabatPlatform.Persistence;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>A registration request waiting for its decision, with its caller, the request's time, language and trace.</summary>
internal sealed record SeatRequest(Caller Caller, RegistrationRequest? Body, DateTimeOffset Now, Lang Lang, Activity? Activity)
{
    public TaskCompletionSource<SeatOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When it joined its line (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long Queued { get; } = Stopwatch.GetTimestamp();
}

/// <summary>
/// What was decided for one request: the registration stored (with the number waiting before it when waitlisted), or
/// the field errors (400), or the problem that refused it (<see cref="Busy"/>: it waited longer than
/// <see cref="MeetingsOptions.WriteQueueTimeout"/> and was not decided; the client may try again).
/// </summary>
internal readonly record struct SeatOutcome(Registration? Registration, int Waiting, ValidationProblem? Invalid, ProblemHttpResult? Problem)
{
    public bool Busy => Problem?.StatusCode == StatusCodes.Status503ServiceUnavailable;

    public static SeatOutcome Stored(Registration registration, int waiting) => new(registration, waiting, null, null);

    public static implicit operator SeatOutcome(ProblemHttpResult problem) => new(null, 0, null, problem);

    public static implicit operator SeatOutcome(ValidationProblem invalid) => new(null, 0, invalid, null);
}

/// <summary>
/// Takes seats in batches (group commit). Registrations for one meeting queue up in this instance; one drain at a time
/// per meeting takes every waiting request (up to <see cref="MaxBatch"/>) and decides them all in one transaction
/// under the meeting's row lock (<see cref="SeatTaking.DecideAsync"/>): one lock (which reads the meeting), one read of
/// the delegations named, one of the counts, one insert batch and one commit for the whole batch, and no query of a
/// request's own. The lock still serialises instances and every other seat-changing write, so what is read under it
/// stays true until the commit. A line whose drain finds it empty leaves the table (a request for a meeting that does
/// not exist leaves nothing behind).
/// </summary>
/// <remarks>
/// The line is the endpoint's admission control instead of the <see cref="WriteGate"/>: a waiting request holds no
/// connection (only the drain does, one per meeting), and one that waited longer than
/// <see cref="MeetingsOptions.WriteQueueTimeout"/> when its batch is taken is answered 503 (Retry-After) undecided, as
/// the gate would answer it. Without the gate's 16 slots a batch holds every request that arrived during the previous
/// one (bench/registrations.sh: 1,000 at once went from 500 to ~1,000 a second).
/// </remarks>
internal sealed class SeatQueue(IServiceScopeFactory scopes, IOptions<MeetingsOptions> options)
{
    public const int MaxBatch = 128;

    private readonly ConcurrentDictionary<Guid, Line> lines = new();

    public Task<SeatOutcome> SubmitAsync(Guid meetingId, Caller caller, RegistrationRequest? body, DateTimeOffset now, Lang lang)
    {
        var request = new SeatRequest(caller, body, now, lang, Activity.Current);
        Line line;
        bool drain;
        while (true)
        {
            line = lines.GetOrAdd(meetingId, _ => new Line());
            lock (line)
            {
                if (line.Closed)
                {
                    continue; // its drain just left the table: take the next line
                }

                line.Waiting.Add(request);
                drain = !line.Draining;
                line.Draining = true;
                break;
            }
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
                    line.Closed = true;
                    lines.TryRemove(new KeyValuePair<Guid, Line>(meetingId, line));
                    return;
                }

                batch = line.Waiting.Take(MaxBatch).ToList();
                line.Waiting.RemoveRange(0, batch.Count);
            }

            var timeout = options.Value.WriteQueueTimeout;
            foreach (var late in batch.Where(r => Stopwatch.GetElapsedTime(r.Queued) > timeout))
            {
                late.Outcome.TrySetResult(MeetingsProblems.Busy(late.Lang));
            }

            batch.RemoveAll(r => r.Outcome.Task.IsCompleted);
            if (batch.Count == 0)
            {
                continue;
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
                        request.Outcome.TrySetResult(single?[0]
                            ?? RegistrationsProblems.DuplicateEmail(request.Lang, request.Body?.Email?.Trim().ToLowerInvariant() ?? ""));
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

    private async Task<SeatOutcome[]?> DecideAsync(Guid meetingId, IReadOnlyList<SeatRequest> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MeetingsDbContext>();
        return await SeatTaking.DecideAsync(db, meetingId, batch, CancellationToken.None);
    }

    private sealed class Line
    {
        public List<SeatRequest> Waiting { get; } = [];

        public bool Draining { get; set; }

        /// <summary>Out of the table: a request that still found it takes a new line.</summary>
        public bool Closed { get; set; }
    }
}

/// <summary>The decisions of a batch of registration requests for one meeting, under its row lock.</summary>
internal static class SeatTaking
{
    /// <summary>
    /// Locks the meeting (reading it), checks each request as the endpoint would (the meeting exists and is announced, its
    /// window is open, the delegation is the caller's, the form is valid, the delegation is known: one read of the
    /// delegations the batch names), reads the counts that decide once (seats taken, waiting, per delegation, addresses
    /// already registered by the batch's delegations), then decides each request in arrival order: refused (window,
    /// quota, same address), confirmed or pending (a free seat and nobody waiting), or waitlisted. The accepted ones get
    /// their places in line (<see cref="Registration.Sequence"/>) from the identity in that order, and everything commits
    /// at once. Null when the save hit a unique key (the caller decides each request alone).
    /// </summary>
    public static async Task<SeatOutcome[]?> DecideAsync(
        MeetingsDbContext db, Guid id, IReadOnlyList<SeatRequest> batch, CancellationToken cancellationToken)
    {
        var outcomes = new SeatOutcome[batch.Count];
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var meeting = await MeetingsWorkflow.LockMeetingAsync(db, id, cancellationToken);
        if (meeting is null || meeting.Status == MeetingStatus.Planned)
        {
            return batch.Select(r => (SeatOutcome)MeetingsProblems.MeetingNotFound(r.Lang, id.ToString())).ToArray();
        }

        var candidates = new Registration?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var (caller, body, now, lang, _) = batch[i];
            if (RegistrationsProblems.Window(meeting, now, lang) is { } closed)
            {
                outcomes[i] = closed;
                continue;
            }

            var errors = lang.Errors();
            if (!RegistrationsValidator.TryDelegation(caller, body, errors, out var partnerCode))
            {
                outcomes[i] = RegistrationsProblems.OtherDelegation(lang);
                continue;
            }

            var registration = RegistrationsValidator.Validate(meeting, body, partnerCode, now, errors);
            if (!errors.IsEmpty || registration is null)
            {
                outcomes[i] = errors.ToProblem();
                continue;
            }

            candidates[i] = registration;
        }

        var named = candidates.OfType<Registration>().Select(r => r.PartnerCode).Distinct().ToList();
        var known = named.Count == 0 ? [] : (await db.Partners.Where(p => named.Contains(p.Code)).Select(p => p.Code)
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            if (candidates[i] is { } registration && !known.Contains(registration.PartnerCode))
            {
                outcomes[i] = MeetingsProblems.UnknownPartners(batch[i].Lang, "partnerCode", [registration.PartnerCode]);
                candidates[i] = null;
            }
        }

        if (!candidates.Any(c => c is not null))
        {
            return outcomes;
        }

        var partners = candidates.OfType<Registration>().Select(r => r.PartnerCode).Distinct().ToList();
        var emails = candidates.OfType<Registration>().Select(r => r.Email).Distinct().ToList();
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
            if (candidates[i] is not { } registration)
            {
                continue;
            }

            var (_, _, now, language, activity) = batch[i];
            var (email, partnerCode) = (registration.Email, registration.PartnerCode);
            var delegation = delegations.GetValueOrDefault(partnerCode);
            if (meeting.DelegationQuota is { } quota && delegation >= quota)
            {
                outcomes[i] = RegistrationsProblems.QuotaReached(language, partnerCode, quota);
                continue;
            }

            if (!registered.Add((email, partnerCode)))
            {
                outcomes[i] = RegistrationsProblems.DuplicateEmail(language, email);
                continue;
            }

            delegations[partnerCode] = delegation + 1;
            var seat = meeting.Capacity is not { } capacity || (taken < capacity && waiting == 0);
            registration.Status = !seat ? RegistrationStatus.Waitlisted
                : meeting.Moderated ? RegistrationStatus.Pending : RegistrationStatus.Confirmed;
            accepted.Add(registration);
            outcomes[i] = SeatOutcome.Stored(registration, waiting);

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
                return batch.Select(r => (SeatOutcome)MeetingsProblems.ConcurrentEdit(r.Lang)).ToArray();
        }

        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }
}
