using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features.Registrations;

namespace RabatPlatform.Meetings.Features.Meetings;

/// <summary>The meetings endpoints under <c>/api/meetings</c>.</summary>
public static class MeetingsApi
{
    public static RouteGroupBuilder MapMeetingsApi(this RouteGroupBuilder api)
    {
        var meetings = api.MapGroup("/meetings").WithTags("Meetings");
        meetings.MapGet("/", ListAsync);
        meetings.MapGet("/calendar.ics", MeetingCalendar.AllUpcomingAsync);
        meetings.MapGet("/{id:guid}/calendar.ics", MeetingCalendar.OneAsync);
        meetings.MapGet("/{slug}", GetBySlugAsync);
        meetings.MapPost("/", CreateAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        meetings.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(PlatformPolicies.Secretariat).WithWriteGate();
        meetings.MapPost("/{id:guid}/cancel", CancelAsync).RequireAuthorization(PlatformPolicies.Secretariat).WithWriteGate();
        return api;
    }

    /// <summary>The agenda: announced meetings, filtered by dates and kind; <c>upcoming=true</c> keeps those not yet over.</summary>
    internal static async Task<Results<Ok<PagedList<MeetingView>>, ValidationProblem>> ListAsync(
        HttpContext http, MeetingsDbContext db, TimeProvider time, string? from, string? to, string? kind, string? upcoming,
        int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = RequestLanguage.CheckQuery(http, new ValidationErrors(language));
        var (p, size) = Paging.Validate(page, pageSize, errors);
        var fromDate = ParseDate(from, "from", errors);
        var toDate = ParseDate(to, "to", errors);
        if (fromDate is { } f && toDate is { } t && t < f)
        {
            errors.Add("to", "« to » précède « from ».", "'to' is before 'from'.");
        }

        if (kind is not null && !MeetingRules.Kinds.Contains(kind))
        {
            errors.Add("kind", $"Le type doit être l'un de : {string.Join(", ", MeetingRules.Kinds)}.",
                $"The kind must be one of: {string.Join(", ", MeetingRules.Kinds)}.");
        }

        bool onlyUpcoming = false;
        if (upcoming is not null && !bool.TryParse(upcoming, out onlyUpcoming))
        {
            errors.Add("upcoming", "« upcoming » vaut « true » ou « false ».", "'upcoming' is 'true' or 'false'.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var query = db.Meetings.AsNoTracking().Where(m => m.Status == MeetingStatus.Announced);
        if (fromDate is { } start)
        {
            query = query.Where(m => m.EndDate >= start);
        }

        if (toDate is { } end)
        {
            query = query.Where(m => m.StartDate <= end);
        }

        if (kind is not null)
        {
            query = query.Where(m => m.Kind == kind);
        }

        if (onlyUpcoming)
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            query = query.Where(m => m.EndDate >= today);
        }

        var total = await query.CountAsync(cancellationToken);
        var ordered = onlyUpcoming ? query.OrderBy(m => m.StartDate).ThenBy(m => m.Id) : query.OrderByDescending(m => m.StartDate).ThenBy(m => m.Id);
        var items = await ordered.Skip((p - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<MeetingView>(items.Select(m => MeetingView.From(m, language)).ToList(), p, size, total));
    }

    internal static async Task<Results<Ok<MeetingView>, ProblemHttpResult, ValidationProblem>> GetBySlugAsync(
        HttpContext http, MeetingsDbContext db, string slug, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        if (RequestLanguage.CheckQuery(http, new ValidationErrors(language)) is { IsEmpty: false } badLanguage)
        {
            return badLanguage.ToProblem();
        }

        // The slug of either language finds the meeting; it is then served in the requested language.
        var meeting = await db.Meetings.AsNoTracking()
            .Where(m => m.Status != MeetingStatus.Planned && m.Translations.Any(t => t.Slug == slug))
            .OrderBy(m => m.Translations.Any(t => t.Slug == slug && t.Language == language) ? 0 : 1)
            .FirstOrDefaultAsync(cancellationToken);
        return meeting is null
            ? MeetingProblems.MeetingNotFound(language, slug)
            : TypedResults.Ok(MeetingView.From(meeting, language));
    }

    internal static async Task<Results<Created<MeetingAdminView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext http, MeetingWriteRequest? request, MeetingsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = new ValidationErrors(language);
        var input = MeetingValidator.Validate(request, errors);
        if (input is null)
        {
            return errors.ToProblem();
        }

        if (await CheckAsync(db, input, null, language, cancellationToken) is { } problem)
        {
            return problem;
        }

        var now = time.GetUtcNow();
        var meeting = Meeting.Create(now);
        input.ApplyTo(meeting);
        meeting.Status = input.Status;
        db.Meetings.Add(meeting);
        if (meeting.Status == MeetingStatus.Announced)
        {
            db.Publish(new MeetingAnnounced(Guid.CreateVersion7(now), now, meeting.Id, meeting.ToData()));
        }

        if (await TrySaveAsync(db, language, input, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Created($"/api/meetings/{meeting.Translations[0].Slug}", MeetingAdminView.From(meeting));
    }

    internal static async Task<Results<Ok<MeetingAdminView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        HttpContext http, Guid id, MeetingWriteRequest? request, MeetingsDbContext db, TimeProvider time,
        IOptions<MeetingsOptions> options, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = new ValidationErrors(language);
        var input = MeetingValidator.Validate(request, errors);
        if (input is null)
        {
            return errors.ToProblem();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var meeting = await RegistrationWorkflow.LockMeetingAsync(db, id, cancellationToken);
        if (meeting is null)
        {
            return MeetingProblems.MeetingNotFound(language, id.ToString());
        }

        if (meeting.Status == MeetingStatus.Cancelled)
        {
            return Problems.Conflict(language, ("Réunion annulée", "Meeting cancelled"),
                ("Une réunion annulée ne se modifie plus.", "A cancelled meeting can no longer be edited."));
        }

        if (meeting.Status == MeetingStatus.Announced && input.Status == MeetingStatus.Planned)
        {
            return Problems.Conflict(language, ("Déjà annoncée", "Already announced"),
                ("Une réunion annoncée ne redevient pas « planned » ; annulez-la si besoin.", "An announced meeting cannot go back to 'planned'; cancel it if needed."));
        }

        if (await CheckAsync(db, input, id, language, cancellationToken) is { } problem)
        {
            return problem;
        }

        var now = time.GetUtcNow();
        var wasAnnounced = meeting.Status == MeetingStatus.Announced;
        input.ApplyTo(meeting);
        meeting.Status = input.Status;
        meeting.UpdatedAt = now;
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

        if (await TrySaveAsync(db, language, input, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        // More seats: the waiting list moves up.
        await RegistrationWorkflow.FillSeatsAsync(db, meeting, now, options.Value.OfferDuration, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(MeetingAdminView.From(meeting));
    }

    internal static async Task<Results<Ok<MeetingAdminView>, ProblemHttpResult>> CancelAsync(
        HttpContext http, Guid id, MeetingsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var meeting = await RegistrationWorkflow.LockMeetingAsync(db, id, cancellationToken);
        if (meeting is null)
        {
            return MeetingProblems.MeetingNotFound(language, id.ToString());
        }

        if (meeting.Status == MeetingStatus.Cancelled)
        {
            return Problems.Conflict(language, ("Déjà annulée", "Already cancelled"),
                ("Cette réunion est déjà annulée.", "This meeting is already cancelled."));
        }

        var now = time.GetUtcNow();
        var wasAnnounced = meeting.Status == MeetingStatus.Announced;
        meeting.Status = MeetingStatus.Cancelled;
        meeting.UpdatedAt = now;
        var active = await db.Registrations
            .Where(r => r.MeetingId == id && Registration.Active.Contains(r.Status))
            .OrderBy(r => r.Sequence)
            .ToListAsync(cancellationToken);
        foreach (var r in active)
        {
            RegistrationWorkflow.Cancel(db, meeting, r, "meeting-cancelled", now);
        }

        if (wasAnnounced)
        {
            db.Publish(new MeetingCancelled(Guid.CreateVersion7(now), now, meeting.Id, meeting.Slugs()));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(MeetingAdminView.From(meeting));
    }

    /// <summary>Checks what needs the database: co-chairs are known partners, slugs are free.</summary>
    private static async Task<ProblemHttpResult?> CheckAsync(
        MeetingsDbContext db, MeetingInput input, Guid? except, string language, CancellationToken cancellationToken)
    {
        if (input.CoChairs.Count > 0)
        {
            var known = await db.Partners.Where(p => input.CoChairs.Contains(p.Code)).Select(p => p.Code).ToListAsync(cancellationToken);
            var unknown = input.CoChairs.Except(known).ToList();
            if (unknown.Count > 0)
            {
                return MeetingProblems.UnknownPartners(language, "coChairs", unknown);
            }
        }

        foreach (var t in input.Translations)
        {
            if (await db.Meetings.AnyAsync(
                    m => m.Id != except && m.Translations.Any(x => x.Language == t.Language && x.Slug == t.Slug), cancellationToken))
            {
                return SlugConflict(language, t);
            }
        }

        return null;
    }

    private static async Task<ProblemHttpResult?> TrySaveAsync(
        MeetingsDbContext db, string language, MeetingInput input, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return SlugConflict(language, input.Translations[0]);
        }
        catch (DbUpdateConcurrencyException)
        {
            return MeetingProblems.ConcurrentEdit(language);
        }
    }

    private static DateOnly? ParseDate(string? value, string field, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, "Date attendue au format AAAA-MM-JJ.", "A date in the YYYY-MM-DD format is expected.");
        return null;
    }

    private static ProblemHttpResult SlugConflict(string language, MeetingTranslation t) => Problems.Conflict(language,
        ("Slug déjà utilisé", "Slug already in use"),
        ($"Le slug « {t.Slug} » est déjà utilisé en « {t.Language} ».", $"The slug '{t.Slug}' is already used in '{t.Language}'."),
        new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [$"translations.{t.Language}.slug"] = [t.Slug] } });
}
