using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>An item's history: its revisions, and putting one back.</summary>
internal static class EditorialRevisionsEndpoints
{
    public static async Task<Results<Ok<PagedList<RevisionView>>, ValidationProblem, ProblemHttpResult>> RevisionsAsync(
        [AsParameters] EditorialRevisionsRequest request, ContentDbContext db, Lang lang, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        var (page, size) = Paging.Validate(request.Page, request.PageSize, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var id = request.Id;
        if (!await EditorialWorkflow.Items(db, request.Route.Kind).AnyAsync(n => n.Id == id, cancellationToken))
        {
            return EditorialProblems.NotFound(request.Route.Kind, lang, id.ToString());
        }

        var revisions = db.Set<EditorialRevision>().AsNoTracking().Where(r => r.ItemId == id);
        var total = await revisions.CountAsync(cancellationToken);
        var rows = await revisions.OrderByDescending(r => r.Number).Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<RevisionView>(rows.Select(RevisionView.From).ToList(), page, size, total));
    }

    /// <summary>Puts a revision's versions and tags back (the workflow state stays); the restore is a revision of its own.</summary>
    public static async Task<Results<Ok<EditorialAdminView>, ValidationProblem, ProblemHttpResult>> RestoreAsync(
        [AsParameters] EditorialRestoreRequest request, ContentDbContext db, EditorialHtml html, TimeProvider time,
        ClaimsPrincipal user, Lang lang, CancellationToken cancellationToken)
    {
        var (kind, id, number) = (request.Route.Kind, request.Id, request.Number);
        var item = await EditorialWorkflow.FindAsync(db, kind, id, cancellationToken);
        if (item is null)
        {
            return EditorialProblems.NotFound(kind, lang, id.ToString());
        }

        var revision = await db.Set<EditorialRevision>().AsNoTracking()
            .FirstOrDefaultAsync(r => r.ItemId == id && r.Number == number, cancellationToken);
        if (revision is null)
        {
            return EditorialProblems.RevisionNotFound(lang, number);
        }

        var snapshot = RevisionSnapshot.Deserialize(revision.Snapshot);
        var translations = EditorialWorkflow.Restored(snapshot, html);
        if (translations.Count == 0)
        {
            return EditorialProblems.EmptyRevision(lang);
        }

        if (item.Status is EditorialStatus.Published or EditorialStatus.Scheduled && !translations.Any(t => t.Ready))
        {
            return EditorialProblems.NoReadyVersion(lang);
        }

        if (await EditorialWorkflow.FindSlugConflictAsync(db, kind, translations, id, cancellationToken) is { } taken)
        {
            return EditorialProblems.SlugConflict(lang, taken);
        }

        var now = time.GetUtcNow();
        var before = RevisionSnapshot.Of(item);
        item.Restore(translations, snapshot.Tags, db, now);
        return await EditorialWorkflow.SaveAsync(db, item, before, $"restored:{number}", user, now, lang, translations, cancellationToken) is { } conflict
            ? conflict
            : TypedResults.Ok(EditorialAdminView.From(item));
    }
}
