using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace RabatPlatform.Persistence;

/// <summary>What became of a write: saved, or refused because of a concurrent edit or a unique key.</summary>
public enum SaveOutcome
{
    Saved,

    /// <summary>The row's concurrency token (xmin) moved on since it was read.</summary>
    ConcurrentEdit,

    /// <summary>A unique index refused the row (a slug, a number taken meanwhile); see the constraint name.</summary>
    UniqueViolation,
}

public static class SaveChangesExtensions
{
    /// <summary>
    /// SaveChanges, with the two conflicts every editable item meets turned into an outcome rather than
    /// an exception: a concurrent edit, and a unique key taken between the check and the save. The
    /// constraint name tells which unique index refused (<c>ix_…_slug</c>, …).
    /// </summary>
    public static async Task<(SaveOutcome Outcome, string? Constraint)> TrySaveChangesAsync(
        this DbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (SaveOutcome.Saved, null);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (SaveOutcome.ConcurrentEdit, null);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
        {
            return (SaveOutcome.UniqueViolation, unique.ConstraintName);
        }
    }
}
