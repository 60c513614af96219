using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RabatPlatform.Content.Data;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>The publishing workflow: schedule, publish, unpublish, archive.</summary>
internal static class EditorialPublishingEndpoints
{
    public static async Task<Results<Ok<EditorialAdminView>, ValidationProblem, ProblemHttpResult>> ScheduleAsync(
        [AsParameters] EditorialItemRequest request, [FromBody] ScheduleRequest? body, ContentDbContext db, TimeProvider time,
        ClaimsPrincipal user, Lang lang, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return EditorialProblems.MissingBody(lang);
        }

        var now = time.GetUtcNow();
        var errors = lang.Errors();
        EditorialValidator.ValidateSchedule(body, now, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var (item, refused) = await EditorialWorkflow.PublishableAsync(
            db, request.Route.Kind, request.Id, lang, EditorialProblems.AlreadyPublishedToSchedule, cancellationToken);
        if (item is null)
        {
            return refused!;
        }

        var before = RevisionSnapshot.Of(item);
        item.Schedule(body.PublishAt!.Value, now);
        item.SetUnpublishAt(body.UnpublishAt, now);
        return await EditorialWorkflow.SaveAsync(db, item, before, "scheduled", user, now, lang, [], cancellationToken) is { } conflict
            ? conflict
            : TypedResults.Ok(EditorialAdminView.From(item));
    }

    /// <summary>
    /// Publishes now. An optional body <c>{"publishedAt": "2017-04-26T00:00:00Z"}</c> gives the original
    /// publication date of an item brought in from an archive (past only: a future time is a schedule).
    /// </summary>
    public static async Task<Results<Ok<EditorialAdminView>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        [AsParameters] EditorialItemRequest request, [FromBody] PublishRequest? body, ContentDbContext db, TimeProvider time,
        ClaimsPrincipal user, Lang lang, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = lang.Errors();
        EditorialValidator.CheckOriginalPublication(body?.PublishedAt, now, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var (item, refused) = await EditorialWorkflow.PublishableAsync(
            db, request.Route.Kind, request.Id, lang, EditorialProblems.AlreadyPublished, cancellationToken);
        if (item is null)
        {
            return refused!;
        }

        var before = RevisionSnapshot.Of(item);
        item.PublishNow(body?.PublishedAt?.ToUniversalTime(), db, now);
        return await EditorialWorkflow.SaveAsync(db, item, before, "published", user, now, lang, [], cancellationToken) is { } conflict
            ? conflict
            : TypedResults.Ok(EditorialAdminView.From(item));
    }

    /// <summary>Unpublish: a published or scheduled item goes back to draft (emits <c>*.unpublished</c> when it was public).</summary>
    public static Task<Results<Ok<EditorialAdminView>, ProblemHttpResult>> UnpublishAsync(
        [AsParameters] EditorialItemRequest request, ContentDbContext db, TimeProvider time, ClaimsPrincipal user, Lang lang, CancellationToken cancellationToken) =>
        TakeDownAsync(request, db, time, user, lang, archive: false, cancellationToken);

    /// <summary>Archive: any item that is not archived yet (emits <c>*.unpublished</c> when it was public).</summary>
    public static Task<Results<Ok<EditorialAdminView>, ProblemHttpResult>> ArchiveAsync(
        [AsParameters] EditorialItemRequest request, ContentDbContext db, TimeProvider time, ClaimsPrincipal user, Lang lang, CancellationToken cancellationToken) =>
        TakeDownAsync(request, db, time, user, lang, archive: true, cancellationToken);

    private static async Task<Results<Ok<EditorialAdminView>, ProblemHttpResult>> TakeDownAsync(
        EditorialItemRequest request, ContentDbContext db, TimeProvider time, ClaimsPrincipal user, Lang lang, bool archive, CancellationToken cancellationToken)
    {
        var item = await EditorialWorkflow.FindAsync(db, request.Route.Kind, request.Id, cancellationToken);
        if (item is null)
        {
            return EditorialProblems.NotFound(request.Route.Kind, lang, request.Id.ToString());
        }

        if (archive ? item.Status == EditorialStatus.Archived : item.Status is EditorialStatus.Draft or EditorialStatus.Archived)
        {
            return archive ? EditorialProblems.AlreadyArchived(lang) : EditorialProblems.NotPublished(lang);
        }

        var now = time.GetUtcNow();
        var before = RevisionSnapshot.Of(item);
        item.TakeDown(archive, db, now);
        return await EditorialWorkflow.SaveAsync(db, item, before, archive ? "archived" : "unpublished", user, now, lang, [], cancellationToken) is { } conflict
            ? conflict
            : TypedResults.Ok(EditorialAdminView.From(item));
    }
}
