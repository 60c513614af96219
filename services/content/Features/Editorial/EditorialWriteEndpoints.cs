using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RabatPlatform.Content.Data;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>Writing news and pages: create, update.</summary>
internal static class EditorialWriteEndpoints
{
    public static async Task<Results<Created<EditorialAdminView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        [AsParameters] EditorialKindRequest request, [FromBody] EditorialWriteRequest? body, ContentDbContext db, EditorialHtml html,
        TimeProvider time, ClaimsPrincipal user, Lang lang, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return EditorialProblems.MissingBody(lang);
        }

        var kind = request.Route.Kind;
        var now = time.GetUtcNow();
        var errors = lang.Errors();
        var (translations, tags) = EditorialValidator.ValidateCreate(body, now, html, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (await EditorialWorkflow.FindSlugConflictAsync(db, kind, translations, null, cancellationToken) is { } taken)
        {
            return EditorialProblems.SlugConflict(lang, taken);
        }

        var item = EditorialItem.Create(kind, now);
        item.SetContent(translations, tags, now);
        if (body.PublishAt is { } publishAt)
        {
            item.Schedule(publishAt, now);
        }

        item.SetUnpublishAt(body.UnpublishAt, now);
        db.Add(item);
        return await EditorialWorkflow.SaveAsync(db, item, RevisionSnapshot.Empty, "created", user, now, lang, translations, cancellationToken) is { } conflict
            ? conflict
            : TypedResults.Created($"/api/content/{request.Route.Segment}/by-slug/{item.Translations[0].Slug}", EditorialAdminView.From(item));
    }

    public static async Task<Results<Ok<EditorialAdminView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        [AsParameters] EditorialItemRequest request, [FromBody] EditorialWriteRequest? body, ContentDbContext db, EditorialHtml html,
        TimeProvider time, ClaimsPrincipal user, Lang lang, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return EditorialProblems.MissingBody(lang);
        }

        var kind = request.Route.Kind;
        var now = time.GetUtcNow();
        var errors = lang.Errors();
        var (translations, tags) = EditorialValidator.Validate(body, errors, html);
        var item = await EditorialWorkflow.FindAsync(db, kind, request.Id, cancellationToken);
        if (item is null)
        {
            return errors.IsEmpty ? EditorialProblems.NotFound(kind, lang, request.Id.ToString()) : errors.ToProblem();
        }

        EditorialValidator.CheckUpdate(body, item, translations, now, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (await EditorialWorkflow.FindSlugConflictAsync(db, kind, translations, request.Id, cancellationToken) is { } taken)
        {
            return EditorialProblems.SlugConflict(lang, taken);
        }

        var before = RevisionSnapshot.Of(item);
        item.Update(translations, tags, body.PublishAt, body.UnpublishAt, db, now);
        return await EditorialWorkflow.SaveAsync(db, item, before, "updated", user, now, lang, translations, cancellationToken) is { } conflict
            ? conflict
            : TypedResults.Ok(EditorialAdminView.From(item));
    }
}
