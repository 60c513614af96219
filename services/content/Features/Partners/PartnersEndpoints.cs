using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Partners;

/// <summary>The partner directory under <c>/api/content/partners</c>.</summary>
public static class PartnersEndpoints
{
    internal static async Task<Results<Ok<ItemList<PartnerView>>, ValidationProblem>> ListAsync(
        Lang lang, ContentDbContext db, string? type, string? status, CancellationToken cancellationToken)
    {
        string language = lang;
        var errors = new ValidationErrors(language);
        if (type is not null && !PartnerTypes.All.Contains(type))
        {
            errors.Add("type", "Le type doit être « country » ou « organisation ».", "The type must be 'country' or 'organisation'.");
        }

        if (status is not null && !PartnerStatuses.All.Contains(status))
        {
            errors.Add("status", "Le statut doit être « partner » ou « observer ».", "The status must be 'partner' or 'observer'.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var query = db.Set<Partner>().AsNoTracking();
        if (type is not null)
        {
            query = query.Where(p => p.Type == type);
        }

        if (status is not null)
        {
            query = query.Where(p => p.Status == status);
        }

        query = language == Languages.English ? query.OrderBy(p => p.NameEn) : query.OrderBy(p => p.NameFr);
        var items = (await query.ToListAsync(cancellationToken)).Select(p => PartnerView.From(p, language)).ToList();
        return TypedResults.Ok(new ItemList<PartnerView>(items, items.Count));
    }

    internal static async Task<Results<Ok<PartnerView>, ProblemHttpResult, ValidationProblem>> GetAsync(
        Lang lang, ContentDbContext db, string code, CancellationToken cancellationToken)
    {
        string language = lang;

        var normalised = code.Trim().ToUpperInvariant();
        var partner = await db.Set<Partner>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == normalised, cancellationToken);
        return partner is null ? NotFound(language, code) : TypedResults.Ok(PartnerView.From(partner, language));
    }

    internal static async Task<Results<Created<PartnerView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Lang lang, PartnerWriteRequest? request, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        string language = lang;
        var errors = new ValidationErrors(language);
        if (request is null)
        {
            return errors.Add("body", "Le corps de la requête est requis.", "The request body is required.").ToProblem();
        }

        var input = PartnerValidator.Validate(request, errors);
        var code = PartnerValidator.CheckCode(request.Code, request.Type?.Trim(), errors);
        if (input is null || code is null || !errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (await db.Set<Partner>().AnyAsync(p => p.Code == code, cancellationToken))
        {
            return Duplicate(language, code);
        }

        var now = time.GetUtcNow();
        var partner = Partner.Create(code, input, now);
        db.Add(partner);
        db.Publish(new PartnerRegistered(Guid.CreateVersion7(now), now, partner.ToData()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Duplicate(language, code);
        }

        return TypedResults.Created($"/api/content/partners/{code}", PartnerView.From(partner, language));
    }

    internal static async Task<Results<Ok<PartnerView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Lang lang, string code, PartnerWriteRequest? request, ContentDbContext db, TimeProvider time,
        CancellationToken cancellationToken)
    {
        string language = lang;
        var errors = new ValidationErrors(language);
        if (request is null)
        {
            return errors.Add("body", "Le corps de la requête est requis.", "The request body is required.").ToProblem();
        }

        var normalised = code.Trim().ToUpperInvariant();
        var input = PartnerValidator.Validate(request, errors);
        if (request.Code is { } bodyCode && !string.Equals(bodyCode.Trim(), normalised, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("code", "Le code ne peut pas changer.", "The code cannot change.");
        }

        if (input is not null && errors.IsEmpty)
        {
            PartnerValidator.CheckCode(normalised, input.Type, errors);
        }

        if (input is null || !errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var partner = await db.Set<Partner>().FirstOrDefaultAsync(p => p.Code == normalised, cancellationToken);
        if (partner is null)
        {
            return NotFound(language, code);
        }

        var now = time.GetUtcNow();
        partner.Update(input, now);
        db.Publish(new PartnerUpdated(Guid.CreateVersion7(now), now, partner.ToData()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict(language,
                ("Modification concurrente", "Concurrent edit"),
                ("Le partenaire a été modifié entre-temps ; rechargez-le puis réessayez.", "The partner changed meanwhile; reload it and try again."));
        }

        return TypedResults.Ok(PartnerView.From(partner, language));
    }

    internal static ProblemHttpResult NotFound(string language, string code) => Problems.NotFound(language,
        ("Partenaire introuvable", "Partner not found"),
        ($"Aucun partenaire n'a le code « {code} ».", $"No partner has the code '{code}'."));

    private static ProblemHttpResult Duplicate(string language, string code) => Problems.Conflict(language,
        ("Code déjà utilisé", "Code already in use"),
        ($"Un partenaire a déjà le code « {code} ».", $"A partner already has the code '{code}'."),
        new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["code"] = [code] } });
}
