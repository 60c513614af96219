using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features.Meetings;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>Registration of delegates under <c>/api/meetings/{id}/…</c> (mapped by <see cref="RegistrationsFeature.MapRegistrations"/>).</summary>
internal static class RegistrationsEndpoints
{
    public static async Task<Results<Ok<RegistrationForm>, ProblemHttpResult>> GetFormAsync(
        [AsParameters] MeetingIdRequest route, MeetingsDbContext db, Lang lang, CancellationToken cancellationToken)
    {
        var meeting = await db.Meetings.AsNoTracking()
            .FirstOrDefaultAsync(m => m.Id == route.Id && m.Status != MeetingStatus.Planned, cancellationToken);
        return meeting is null
            ? MeetingsProblems.MeetingNotFound(lang, route.Id.ToString())
            : TypedResults.Ok(RegistrationFormDefinition.For(meeting));
    }

    public static async Task<Results<Created<RegistrationView>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        [AsParameters] MeetingIdRequest route, RegistrationRequest? request, ClaimsPrincipal user, SeatQueue seats,
        TimeProvider time, Lang lang, HttpContext http)
    {
        var caller = Caller.From(user);
        // Everything that reads the database is decided under the meeting's lock, in a batch with the registrations
        // arriving meanwhile (SeatTaking): the meeting, its window, the form, the delegation, then the counts.
        var outcome = await seats.SubmitAsync(route.Id, caller, request, time.GetUtcNow(), lang);
        if (outcome.Invalid is { } invalid)
        {
            return invalid;
        }

        if (outcome.Problem is { } problem)
        {
            if (outcome.Busy)
            {
                http.Response.Headers.RetryAfter = "5";
            }

            return problem;
        }

        var registration = outcome.Registration!;
        var view = RegistrationView.From(registration, caller.IsSecretariat,
            registration.Status == RegistrationStatus.Waitlisted ? outcome.Waiting + 1 : null);
        return TypedResults.Created($"/api/meetings/{route.Id}/registrations/{registration.Id}", view);
    }

    public static async Task<Results<Ok<RegistrationList>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [AsParameters] ListRegistrationsRequest request, ClaimsPrincipal user, MeetingsDbContext db, Lang lang, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        if (RegistrationsValidator.Validate(request, errors) is not { } filter)
        {
            return errors.ToProblem();
        }

        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == request.Id, cancellationToken);
        if (meeting is null)
        {
            return MeetingsProblems.MeetingNotFound(lang, request.Id.ToString());
        }

        return TypedResults.Ok(await RegistrationsWorkflow.ListAsync(db, meeting, Caller.From(user), filter, cancellationToken));
    }

    public static async Task<Results<Ok<RegistrationView>, ProblemHttpResult>> GetAsync(
        [AsParameters] RegistrationIdRequest request, ClaimsPrincipal user, MeetingsDbContext db, Lang lang, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var r = await db.Registrations.AsNoTracking()
            .FirstOrDefaultAsync(x => x.Id == request.Rid && x.MeetingId == request.Id, cancellationToken);
        if (r is null || !caller.CanSee(r))
        {
            return RegistrationsProblems.RegistrationNotFound(lang, request.Rid);
        }

        var duplicates = caller.IsSecretariat ? (await RegistrationsWorkflow.AlsoRegisteredByAsync(db, r.MeetingId, [r], cancellationToken))[r.Id] : null;
        return TypedResults.Ok(RegistrationView.From(r, caller.IsSecretariat, await RegistrationsWorkflow.PositionAsync(db, r, cancellationToken), duplicates));
    }

    public static Task<Results<Ok<RegistrationView>, ProblemHttpResult>> ConfirmAsync(
        [AsParameters] RegistrationIdRequest request, ClaimsPrincipal user, MeetingsDbContext db, TimeProvider time,
        IOptions<MeetingsOptions> options, Lang lang, CancellationToken cancellationToken) =>
        ChangeAsync(request, Caller.From(user), db, time, options, lang, cancellationToken,
            (meeting, r, now) => RegistrationsWorkflow.Confirm(db, meeting, r, now, lang));

    public static Task<Results<Ok<RegistrationView>, ProblemHttpResult>> RejectAsync(
        [AsParameters] RegistrationIdRequest route, RejectRequest? request, ClaimsPrincipal user, MeetingsDbContext db, TimeProvider time,
        IOptions<MeetingsOptions> options, Lang lang, CancellationToken cancellationToken) =>
        ChangeAsync(route, Caller.From(user), db, time, options, lang, cancellationToken,
            (meeting, r, now) => RegistrationsWorkflow.Reject(db, meeting, r, request, now, lang));

    public static Task<Results<Ok<RegistrationView>, ProblemHttpResult>> AcceptOfferAsync(
        [AsParameters] RegistrationIdRequest request, ClaimsPrincipal user, MeetingsDbContext db, TimeProvider time,
        IOptions<MeetingsOptions> options, Lang lang, CancellationToken cancellationToken) =>
        ChangeAsync(request, Caller.From(user), db, time, options, lang, cancellationToken,
            (meeting, r, now) => RegistrationsWorkflow.AcceptOffer(db, meeting, r, now, lang));

    public static Task<Results<Ok<RegistrationView>, ProblemHttpResult>> CancelAsync(
        [AsParameters] RegistrationIdRequest request, ClaimsPrincipal user, MeetingsDbContext db, TimeProvider time,
        IOptions<MeetingsOptions> options, Lang lang, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        return ChangeAsync(request, caller, db, time, options, lang, cancellationToken,
            (meeting, r, now) => RegistrationsWorkflow.Withdraw(db, meeting, r, caller, now, lang));
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportAsync(
        [AsParameters] ExportRegistrationsRequest request, MeetingsDbContext db, Lang lang, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        var columns = RegistrationsValidator.Columns(request.Columns, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == request.Id, cancellationToken);
        if (meeting is null)
        {
            return MeetingsProblems.MeetingNotFound(lang, request.Id.ToString());
        }

        var registrations = await db.Registrations.AsNoTracking()
            .Where(r => r.MeetingId == request.Id)
            .OrderBy(r => r.PartnerCode).ThenBy(r => r.Sequence)
            .ToListAsync(cancellationToken);
        var also = await RegistrationsWorkflow.AlsoRegisteredByAsync(db, request.Id, registrations, cancellationToken);
        return RegistrationCsv.File(meeting, registrations.Select(r => new RegistrationCsvRow(r, also[r.Id])), columns, lang);
    }

    /// <summary>One transition (<see cref="RegistrationsWorkflow.ChangeAsync"/>), answered with the registration as it now is.</summary>
    private static async Task<Results<Ok<RegistrationView>, ProblemHttpResult>> ChangeAsync(
        RegistrationIdRequest request, Caller caller, MeetingsDbContext db, TimeProvider time, IOptions<MeetingsOptions> options, Lang lang,
        CancellationToken cancellationToken, Func<Meeting, Registration, DateTimeOffset, ProblemHttpResult?> change)
    {
        var (problem, r) = await RegistrationsWorkflow.ChangeAsync(
            db, request.Id, request.Rid, caller, time, options.Value.OfferDuration, lang, change, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(RegistrationView.From(r!, caller.IsSecretariat, await RegistrationsWorkflow.PositionAsync(db, r!, cancellationToken)));
    }

    /// <summary>
    /// An operator's erasure of a person everywhere: <c>person.erasure_requested</c> (the address as a salted
    /// fingerprint) goes through the outbox to every service, which erases its copies; recorded in operator_actions.
    /// </summary>
    public static async Task<Results<Accepted<ErasureAccepted>, ValidationProblem>> ErasePersonAsync(
        ErasePersonRequest? request, ClaimsPrincipal user, MeetingsDbContext db, TimeProvider time, Lang lang, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        var email = RegistrationsValidator.Validate(request, errors);
        if (!errors.IsEmpty || email is null)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow();
        var who = user.FindFirstValue("name") ?? user.Identity?.Name ?? user.FindFirstValue("sub") ?? "secretariat";
        var erasure = RegistrationsErasureWorkflow.Request(db, email, who, now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted((string?)null, new ErasureAccepted(erasure.EventId, erasure.Scope));
    }
}
