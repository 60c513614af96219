using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;
using RabatPlatform.Content.Features.Partners;

namespace RabatPlatform.Content.Features.Chairmanships;

/// <summary>The chairmanship history under <c>/api/content/chairmanships</c>.</summary>
internal static class ChairmanshipsEndpoints
{
    /// <summary>Every term, the latest first. (400: an invalid <c>?lang=</c>.)</summary>
    public static async Task<Results<Ok<ItemList<ChairmanshipView>>, ValidationProblem>> ListAsync(
        Lang lang, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var today = Today.Of(time);
        var rows = await (from c in db.Set<Chairmanship>().AsNoTracking()
                          join p in db.Set<Partner>().AsNoTracking() on c.PartnerCode equals p.Code
                          orderby c.From descending
                          select new { c, p }).ToListAsync(cancellationToken);
        var items = rows.Select(r => ChairmanshipView.Of(r.c, r.p, lang, today)).ToList();
        return TypedResults.Ok(new ItemList<ChairmanshipView>(items, items.Count));
    }

    /// <summary>The term covering today. (400: an invalid <c>?lang=</c>.)</summary>
    public static async Task<Results<Ok<ChairmanshipView>, ProblemHttpResult, ValidationProblem>> CurrentAsync(
        Lang lang, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var today = Today.Of(time);
        var row = await (from c in db.Set<Chairmanship>().AsNoTracking()
                         join p in db.Set<Partner>().AsNoTracking() on c.PartnerCode equals p.Code
                         where c.From <= today && (c.To == null || c.To >= today)
                         orderby c.From descending
                         select new { c, p }).FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? ChairmanshipsProblems.NoCurrent(lang, today)
            : TypedResults.Ok(ChairmanshipView.Of(row.c, row.p, lang, today));
    }

    public static async Task<Results<Created<ChairmanshipView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ChairmanshipWriteRequest? request, Lang lang, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        var write = await ChairmanshipsWorkflow.CreateAsync(db, request, errors, time, cancellationToken);
        return write switch
        {
            { Outcome: ChairmanshipWriteOutcome.Saved, Chairmanship: { } chair } => TypedResults.Created(
                $"/api/content/chairmanships/{chair.Id}", ChairmanshipView.Of(chair, write.Partner, lang, Today.Of(time))),
            { Outcome: ChairmanshipWriteOutcome.Invalid } => errors.ToProblem(),
            _ => ChairmanshipsProblems.For(lang, write, Guid.Empty),
        };
    }

    public static async Task<Results<Ok<ChairmanshipView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        [AsParameters] ChairmanshipIdRequest route, ChairmanshipWriteRequest? request, Lang lang, ContentDbContext db, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        var write = await ChairmanshipsWorkflow.UpdateAsync(db, route.Id, request, errors, time, cancellationToken);
        return write switch
        {
            { Outcome: ChairmanshipWriteOutcome.Saved, Chairmanship: { } chair } =>
                TypedResults.Ok(ChairmanshipView.Of(chair, write.Partner, lang, Today.Of(time))),
            { Outcome: ChairmanshipWriteOutcome.Invalid } => errors.ToProblem(),
            _ => ChairmanshipsProblems.For(lang, write, route.Id),
        };
    }
}
