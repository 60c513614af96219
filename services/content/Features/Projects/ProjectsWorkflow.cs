using RabatPlatform.Content.Data;

namespace RabatPlatform.Content.Features.Projects;

public enum ProjectImportOutcome
{
    Imported,

    /// <summary>The file could not be read as the expected CSV (errors in the caller's <see cref="ValidationErrors"/>).</summary>
    Invalid,
    TooLarge,
    UnsupportedMediaType,

    /// <summary>Some rows are in error (<see cref="ProjectImport.RowErrors"/>): nothing was imported.</summary>
    InvalidRows,
}

/// <summary>What became of an import: the new projects' ids, or why none was imported.</summary>
public sealed record ProjectImport(
    ProjectImportOutcome Outcome, IReadOnlyList<Guid>? Ids = null, IReadOnlyList<ImportRowError>? RowErrors = null);

/// <summary>
/// The CSV import (<c>POST /api/content/projects/import</c>): every row is checked
/// (<see cref="ProjectsCsvValidator"/>); one bad row and nothing is imported, otherwise all rows are
/// imported in one transaction with their <c>project.published</c> events.
/// </summary>
internal static class ProjectsWorkflow
{
    public static async Task<ProjectImport> ImportAsync(
        HttpRequest request, ContentDbContext db, ValidationErrors errors, TimeProvider time, CancellationToken cancellationToken)
    {
        var (bytes, refusal) = await ProjectsCsvValidator.ReadFileAsync(request, errors, cancellationToken);
        if (bytes is null)
        {
            return new(refusal ?? ProjectImportOutcome.Invalid);
        }

        var (valid, rowErrors) = ProjectsCsvValidator.Validate(bytes, errors);
        if (!errors.IsEmpty)
        {
            return new(ProjectImportOutcome.Invalid);
        }

        if (rowErrors.Count > 0)
        {
            return new(ProjectImportOutcome.InvalidRows, RowErrors: rowErrors);
        }

        var now = time.GetUtcNow();
        var ids = new List<Guid>(valid.Count);
        foreach (var fields in valid)
        {
            var project = Project.Create(fields, now);
            db.Add(project);
            db.Publish(project.ToPublishedEvent(now));
            ids.Add(project.Id);
        }

        // One SaveChanges: every project and every event, or nothing (new ids, no unique key to meet).
        await db.SaveChangesAsync(cancellationToken);
        return new(ProjectImportOutcome.Imported, ids);
    }
}
