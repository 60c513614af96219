using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RabatPlatform.Content.Data;
using RabatPlatform.Content.Features.Partners;
using RabatPlatform.Persistence;

namespace RabatPlatform.Content.Features.Chairmanships;

public enum ChairmanshipWriteOutcome
{
    Saved,

    /// <summary>The request has field errors (in the caller's <see cref="ValidationErrors"/>).</summary>
    Invalid,
    NotFound,

    /// <summary>Another term covers part of these dates (<see cref="ChairmanshipWrite.Overlap"/>).</summary>
    Overlap,
    ConcurrentEdit,
}

/// <summary>What became of a chairmanship write: the saved term and its partner, or why not.</summary>
public sealed record ChairmanshipWrite(
    ChairmanshipWriteOutcome Outcome, Chairmanship? Chairmanship = null, Partner? Partner = null, Chairmanship? Overlap = null);

/// <summary>
/// Chairmanship writes: rare, so they run one at a time (a table lock that lets reads through) and two
/// concurrent writes cannot both pass the overlap check. Each writes its <c>chairmanship.changed</c> event.
/// </summary>
internal static class ChairmanshipsWorkflow
{
    public static async Task<ChairmanshipWrite> CreateAsync(
        ContentDbContext db, ChairmanshipWriteRequest? request, ValidationErrors errors, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var transaction = await LockAsync(db, cancellationToken);
        if (await ValidateAsync(db, request, errors, cancellationToken) is not { } input)
        {
            return new(ChairmanshipWriteOutcome.Invalid);
        }

        if (await OverlapAsync(db, input, null, cancellationToken) is { } overlap)
        {
            return new(ChairmanshipWriteOutcome.Overlap, Overlap: overlap);
        }

        var now = time.GetUtcNow();
        var chair = Chairmanship.Create(input.Partner.Code, input.From, input.To, now);
        db.Add(chair);
        return await SaveAsync(db, transaction, chair, input.Partner, now, cancellationToken);
    }

    /// <summary>Changes a term; an unknown id is a 404 unless the request already has errors (an invalid <c>?lang=</c>).</summary>
    public static async Task<ChairmanshipWrite> UpdateAsync(
        ContentDbContext db, Guid id, ChairmanshipWriteRequest? request, ValidationErrors errors, TimeProvider time,
        CancellationToken cancellationToken)
    {
        await using var transaction = await LockAsync(db, cancellationToken);
        var chair = await db.Set<Chairmanship>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (chair is null && errors.IsEmpty)
        {
            return new(ChairmanshipWriteOutcome.NotFound);
        }

        if (await ValidateAsync(db, request, errors, cancellationToken) is not { } input || chair is null)
        {
            return new(ChairmanshipWriteOutcome.Invalid);
        }

        if (await OverlapAsync(db, input, id, cancellationToken) is { } overlap)
        {
            return new(ChairmanshipWriteOutcome.Overlap, Overlap: overlap);
        }

        var now = time.GetUtcNow();
        chair.Update(input.Partner.Code, input.From, input.To, now);
        return await SaveAsync(db, transaction, chair, input.Partner, now, cancellationToken);
    }

    private static async Task<IDbContextTransaction> LockAsync(ContentDbContext db, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("LOCK TABLE chairmanships IN SHARE ROW EXCLUSIVE MODE", cancellationToken);
        return transaction;
    }

    private static async Task<ChairmanshipInput?> ValidateAsync(
        ContentDbContext db, ChairmanshipWriteRequest? request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var code = ChairmanshipsValidator.PartnerCode(request);
        var partner = string.IsNullOrEmpty(code)
            ? null
            : await db.Set<Partner>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, cancellationToken);
        return ChairmanshipsValidator.Validate(request, partner, errors);
    }

    /// <summary>The earliest other term sharing a day with <paramref name="input"/>, if any.</summary>
    private static Task<Chairmanship?> OverlapAsync(ContentDbContext db, ChairmanshipInput input, Guid? except, CancellationToken cancellationToken)
    {
        var (from, end) = (input.From, input.To ?? DateOnly.MaxValue);
        return db.Set<Chairmanship>().AsNoTracking()
            .Where(c => c.Id != except && c.From <= end && (c.To == null || c.To >= from))
            .OrderBy(c => c.From)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private static async Task<ChairmanshipWrite> SaveAsync(
        ContentDbContext db, IDbContextTransaction transaction, Chairmanship chair, Partner partner, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        db.Publish(chair.ToChangedEvent(now));
        var (outcome, _) = await db.TrySaveChangesAsync(cancellationToken);
        switch (outcome)
        {
            case SaveOutcome.ConcurrentEdit:
                return new(ChairmanshipWriteOutcome.ConcurrentEdit);
            case SaveOutcome.UniqueViolation:
                throw new InvalidOperationException("A chairmanship has no unique key but its id.");
        }

        await transaction.CommitAsync(cancellationToken);
        return new(ChairmanshipWriteOutcome.Saved, chair, partner);
    }
}
