using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;
using RabatPlatform.Content.Features.Partners;

namespace RabatPlatform.Content.Features.Chairmanships;

/// <summary>The chairmanship history under <c>/api/content/chairmanships</c>.</summary>
public static class ChairmanshipsEndpoints
{
    internal static async Task<Results<Ok<ItemList<ChairmanshipView>>, ValidationProblem>> ListAsync(
        Lang lang, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        string language = lang;

        var today = Today.Of(time);
        var rows = await (from c in db.Set<Chairmanship>().AsNoTracking()
                          join p in db.Set<Partner>().AsNoTracking() on c.PartnerCode equals p.Code
                          orderby c.From descending
                          select new { c, p }).ToListAsync(cancellationToken);
        var items = rows.Select(r => ChairmanshipView.Of(r.c, r.p, language, today)).ToList();
        return TypedResults.Ok(new ItemList<ChairmanshipView>(items, items.Count));
    }

    internal static async Task<Results<Ok<ChairmanshipView>, ProblemHttpResult, ValidationProblem>> CurrentAsync(
        Lang lang, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        string language = lang;

        var today = Today.Of(time);
        var row = await (from c in db.Set<Chairmanship>().AsNoTracking()
                         join p in db.Set<Partner>().AsNoTracking() on c.PartnerCode equals p.Code
                         where c.From <= today && (c.To == null || c.To >= today)
                         orderby c.From descending
                         select new { c, p }).FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? Problems.NotFound(language,
                ("Aucune présidence en cours", "No current chairmanship"),
                ($"Aucune présidence ne couvre le {today:yyyy-MM-dd}.", $"No chairmanship covers {today:yyyy-MM-dd}."))
            : TypedResults.Ok(ChairmanshipView.Of(row.c, row.p, language, today));
    }

    internal static async Task<Results<Created<ChairmanshipView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Lang lang, ChairmanshipWriteRequest? request, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        string language = lang;
        await using var transaction = await LockAsync(db, cancellationToken);
        var (input, problem) = await ValidateAsync(request, null, db, language, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (input.Overlap is { } overlap)
        {
            return Overlapping(language, overlap);
        }

        var now = time.GetUtcNow();
        var chair = Chairmanship.Create(input.Partner!.Code, input.From, input.To, now);
        db.Add(chair);
        db.Publish(chair.ToChangedEvent(now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/content/chairmanships/{chair.Id}",
            ChairmanshipView.Of(chair, input.Partner, language, Today.Of(time)));
    }

    internal static async Task<Results<Ok<ChairmanshipView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Lang lang, Guid id, ChairmanshipWriteRequest? request, ContentDbContext db, TimeProvider time,
        CancellationToken cancellationToken)
    {
        string language = lang;
        await using var transaction = await LockAsync(db, cancellationToken);
        var chair = await db.Set<Chairmanship>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (chair is null)
        {
            return Problems.NotFound(language,
                ("Présidence introuvable", "Chairmanship not found"),
                ($"Aucune présidence « {id} ».", $"No chairmanship '{id}'."));
        }

        var (input, problem) = await ValidateAsync(request, id, db, language, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (input.Overlap is { } overlap)
        {
            return Overlapping(language, overlap);
        }

        var now = time.GetUtcNow();
        chair.Update(input.Partner!.Code, input.From, input.To, now);
        db.Publish(chair.ToChangedEvent(now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict(language,
                ("Modification concurrente", "Concurrent edit"),
                ("La présidence a été modifiée entre-temps ; rechargez-la puis réessayez.", "The chairmanship changed meanwhile; reload it and try again."));
        }

        return TypedResults.Ok(ChairmanshipView.Of(chair, input.Partner, language, Today.Of(time)));
    }

    /// <summary>
    /// Chairmanship writes are rare: they run one at a time (a table lock that lets reads through), so
    /// two concurrent writes cannot both pass the overlap check.
    /// </summary>
    private static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> LockAsync(
        ContentDbContext db, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("LOCK TABLE chairmanships IN SHARE ROW EXCLUSIVE MODE", cancellationToken);
        return transaction;
    }

    private sealed record Input(Partner? Partner, DateOnly From, DateOnly? To, Chairmanship? Overlap);

    private static async Task<(Input Input, ValidationProblem? Problem)> ValidateAsync(
        ChairmanshipWriteRequest? request, Guid? except, ContentDbContext db, string language, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors(language);
        var empty = new Input(null, default, null, null);
        if (request is null)
        {
            return (empty, errors.Add("body", "Le corps de la requête est requis.", "The request body is required.").ToProblem());
        }

        Partner? partner = null;
        var code = request.PartnerCode?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code))
        {
            errors.Add("partnerCode", "Le partenaire qui préside est requis.", "The chair partner is required.");
        }
        else
        {
            partner = await db.Set<Partner>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, cancellationToken);
            if (partner is null)
            {
                errors.Add("partnerCode", $"Aucun partenaire n'a le code « {code} ».", $"No partner has the code '{code}'.");
            }
        }

        if (request.From is null)
        {
            errors.Add("from", "La date de début est requise.", "The start date is required.");
        }
        else if (request.To is { } to && to < request.From)
        {
            errors.Add("to", "La date de fin précède la date de début.", "The end date is before the start date.");
        }

        if (!errors.IsEmpty)
        {
            return (empty, errors.ToProblem());
        }

        var from = request.From!.Value;
        var end = request.To ?? DateOnly.MaxValue;
        var overlap = await db.Set<Chairmanship>().AsNoTracking()
            .Where(c => c.Id != except && c.From <= end && (c.To == null || c.To >= from))
            .OrderBy(c => c.From)
            .FirstOrDefaultAsync(cancellationToken);
        return (new Input(partner, from, request.To, overlap), null);
    }

    private static ProblemHttpResult Overlapping(string language, Chairmanship other) => Problems.Conflict(language,
        ("Présidences qui se chevauchent", "Overlapping chairmanships"),
        ($"La présidence de « {other.PartnerCode} » du {other.From:yyyy-MM-dd} au {(other.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "…")} couvre déjà une partie de ces dates.",
         $"The chairmanship of '{other.PartnerCode}' from {other.From:yyyy-MM-dd} to {(other.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "…")} already covers part of these dates."),
        new Dictionary<string, object?> { ["conflictingId"] = other.Id });
}
