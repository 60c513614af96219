using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence;

namespace RabatPlatform.Content.Features.Partners;

/// <summary>The partner directory under <c>/api/content/partners</c>.</summary>
internal static class PartnersEndpoints
{
    /// <summary>Every partner, filtered by type and status, sorted by name in the requested language.</summary>
    public static async Task<Results<Ok<ItemList<PartnerView>>, ValidationProblem>> ListAsync(
        [AsParameters] ListPartnersRequest request, Lang lang, ContentDbContext db, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        PartnersValidator.ValidateList(request, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var query = db.Set<Partner>().AsNoTracking();
        if (request.Type is { } type)
        {
            query = query.Where(p => p.Type == type);
        }

        if (request.Status is { } status)
        {
            query = query.Where(p => p.Status == status);
        }

        query = lang.Code == Languages.English ? query.OrderBy(p => p.NameEn) : query.OrderBy(p => p.NameFr);
        var items = (await query.ToListAsync(cancellationToken)).Select(p => PartnerView.From(p, lang)).ToList();
        return TypedResults.Ok(new ItemList<PartnerView>(items, items.Count));
    }

    /// <summary>A partner by its code.</summary>
    public static async Task<Results<Ok<PartnerView>, ProblemHttpResult, ValidationProblem>> GetAsync(
        [AsParameters] PartnerCodeRequest request, Lang lang, ContentDbContext db, CancellationToken cancellationToken)
    {
        var code = request.Normalised;
        var partner = await db.Set<Partner>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, cancellationToken);
        return partner is null ? PartnersProblems.NotFound(lang, request.Code) : TypedResults.Ok(PartnerView.From(partner, lang));
    }

    public static async Task<Results<Created<PartnerView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        PartnerWriteRequest? request, Lang lang, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        if (PartnersValidator.ValidateCreate(request, errors) is not { } valid)
        {
            return errors.ToProblem();
        }

        var (code, input) = valid;
        if (await db.Set<Partner>().AnyAsync(p => p.Code == code, cancellationToken))
        {
            return PartnersProblems.Duplicate(lang, code);
        }

        var now = time.GetUtcNow();
        var partner = Partner.Create(code, input, now);
        db.Add(partner);
        db.Publish(new PartnerRegistered(Guid.CreateVersion7(now), now, partner.ToData()));
        var (outcome, _) = await db.TrySaveChangesAsync(cancellationToken);
        return outcome == SaveOutcome.Saved
            ? TypedResults.Created($"/api/content/partners/{code}", PartnerView.From(partner, lang))
            : PartnersProblems.For(lang, outcome, code);
    }

    public static async Task<Results<Ok<PartnerView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        [AsParameters] PartnerCodeRequest route, PartnerWriteRequest? request, Lang lang, ContentDbContext db, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        if (PartnersValidator.ValidateUpdate(route, request, errors) is not { } input)
        {
            return errors.ToProblem();
        }

        var code = route.Normalised;
        var partner = await db.Set<Partner>().FirstOrDefaultAsync(p => p.Code == code, cancellationToken);
        if (partner is null)
        {
            return PartnersProblems.NotFound(lang, route.Code);
        }

        var now = time.GetUtcNow();
        partner.Update(input, now);
        db.Publish(new PartnerUpdated(Guid.CreateVersion7(now), now, partner.ToData()));
        var (outcome, _) = await db.TrySaveChangesAsync(cancellationToken);
        return outcome == SaveOutcome.Saved ? TypedResults.Ok(PartnerView.From(partner, lang)) : PartnersProblems.For(lang, outcome, code);
    }
}
