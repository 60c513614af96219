using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Meetings.Data;

namespace RabatPlatform.Meetings.Features.Meetings;

/// <summary>The meetings endpoints (mapped by <see cref="MeetingsFeature.MapMeetings"/>).</summary>
internal static class MeetingsEndpoints
{
    /// <summary>The agenda: announced meetings, filtered by dates and kind; <c>upcoming=true</c> keeps those not yet over.</summary>
    public static async Task<Results<Ok<PagedList<MeetingView>>, ValidationProblem>> ListAsync(
        [AsParameters] ListMeetingsRequest request, MeetingsDbContext db, TimeProvider time, Lang lang, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        if (MeetingsValidator.Validate(request, errors) is not { } filter)
        {
            return errors.ToProblem();
        }

        var query = db.Meetings.AsNoTracking().Where(m => m.Status == MeetingStatus.Announced);
        if (filter.From is { } start)
        {
            query = query.Where(m => m.EndDate >= start);
        }

        if (filter.To is { } end)
        {
            query = query.Where(m => m.StartDate <= end);
        }

        if (filter.Kind is { } kind)
        {
            query = query.Where(m => m.Kind == kind);
        }

        if (filter.OnlyUpcoming)
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            query = query.Where(m => m.EndDate >= today);
        }

        var (p, size) = (filter.Page, filter.PageSize);
        var total = await query.CountAsync(cancellationToken);
        var ordered = filter.OnlyUpcoming ? query.OrderBy(m => m.StartDate).ThenBy(m => m.Id) : query.OrderByDescending(m => m.StartDate).ThenBy(m => m.Id);
        var items = await ordered.Skip((p - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<MeetingView>(items.Select(m => MeetingView.From(m, lang)).ToList(), p, size, total));
    }

    /// <summary>A meeting by the slug of either language, served in the requested language. (400: an invalid <c>?lang=</c>.)</summary>
    public static async Task<Results<Ok<MeetingView>, ProblemHttpResult, ValidationProblem>> GetBySlugAsync(
        [AsParameters] MeetingSlugRequest request, MeetingsDbContext db, Lang lang, CancellationToken cancellationToken)
    {
        var (slug, language) = (request.Slug, lang.Code);
        var meeting = await db.Meetings.AsNoTracking()
            .Where(m => m.Status != MeetingStatus.Planned && m.Translations.Any(t => t.Slug == slug))
            .OrderBy(m => m.Translations.Any(t => t.Slug == slug && t.Language == language) ? 0 : 1)
            .FirstOrDefaultAsync(cancellationToken);
        return meeting is null
            ? MeetingsProblems.MeetingNotFound(lang, slug)
            : TypedResults.Ok(MeetingView.From(meeting, lang));
    }

    /// <summary>One meeting as an iCalendar file. (400: an invalid <c>?lang=</c>.)</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> CalendarAsync(
        [AsParameters] MeetingIdRequest request, MeetingsDbContext db, TimeProvider time, IOptions<MeetingsOptions> options, Lang lang,
        CancellationToken cancellationToken)
    {
        var meeting = await db.Meetings.AsNoTracking()
            .FirstOrDefaultAsync(m => m.Id == request.Id && m.Status != MeetingStatus.Planned, cancellationToken);
        return meeting is null
            ? MeetingsProblems.MeetingNotFound(lang, request.Id.ToString())
            : MeetingCalendar.One(meeting, lang, time.GetUtcNow(), options.Value);
    }

    /// <summary>Every upcoming announced meeting as one iCalendar file. (400: an invalid <c>?lang=</c>.)</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> CalendarOfUpcomingAsync(
        MeetingsDbContext db, TimeProvider time, IOptions<MeetingsOptions> options, Lang lang, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // Cancelled ones too (STATUS:CANCELLED), so that a subscribed calendar removes them; planned ones were never public.
        var meetings = await db.Meetings.AsNoTracking()
            .Where(m => m.Status != MeetingStatus.Planned && m.EndDate >= today)
            .OrderBy(m => m.StartDate)
            .Take(500)
            .ToListAsync(cancellationToken);
        return MeetingCalendar.AllUpcoming(meetings, lang, now, options.Value);
    }

    public static async Task<Results<Created<MeetingAdminView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        MeetingWriteRequest? request, MeetingsDbContext db, TimeProvider time, IOptions<MeetingsOptions> options, Lang lang,
        CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        if (MeetingsValidator.Validate(request, errors) is not { } input)
        {
            return errors.ToProblem();
        }

        var write = await MeetingsWorkflow.CreateAsync(db, input, time, options.Value.CalendarUidDomain, cancellationToken);
        return write is { IsSaved: true, Meeting: { } meeting }
            ? TypedResults.Created($"/api/meetings/by-slug/{meeting.Translations[0].Slug}", MeetingAdminView.From(meeting))
            : MeetingsProblems.For(lang, write, "");
    }

    public static async Task<Results<Ok<MeetingAdminView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        [AsParameters] MeetingIdRequest route, MeetingWriteRequest? request, MeetingsDbContext db, TimeProvider time,
        IMeetingRegistrations registrations, Lang lang, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        if (MeetingsValidator.Validate(request, errors) is not { } input)
        {
            return errors.ToProblem();
        }

        var write = await MeetingsWorkflow.UpdateAsync(db, registrations, route.Id, input, time, cancellationToken);
        return write is { IsSaved: true, Meeting: { } meeting }
            ? TypedResults.Ok(MeetingAdminView.From(meeting))
            : MeetingsProblems.For(lang, write, route.Id.ToString());
    }

    public static async Task<Results<Ok<MeetingAdminView>, ProblemHttpResult>> CancelAsync(
        [AsParameters] MeetingIdRequest route, MeetingsDbContext db, TimeProvider time, IMeetingRegistrations registrations, Lang lang,
        CancellationToken cancellationToken)
    {
        var write = await MeetingsWorkflow.CancelAsync(db, registrations, route.Id, time, cancellationToken);
        return write is { IsSaved: true, Meeting: { } meeting }
            ? TypedResults.Ok(MeetingAdminView.From(meeting))
            : MeetingsProblems.For(lang, write, route.Id.ToString());
    }
}
