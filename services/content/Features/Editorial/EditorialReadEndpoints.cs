using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>Reading news and pages: the public list and item, the Secretariat's work list and item by id.</summary>
internal static class EditorialReadEndpoints
{
    public static async Task<Results<Ok<PagedList<EditorialListItemView>>, Ok<PagedList<EditorialAdminView>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [AsParameters] EditorialListRequest request, ContentDbContext db, ClaimsPrincipal user, Lang lang, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        var (page, size) = EditorialValidator.ValidateList(request, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (request.Status is null)
        {
            // The public: published items with at least one ready version, newest first; one statement, no bodies.
            return TypedResults.Ok(await EditorialPublicList.ReadAsync(db, request.Route.Kind, request.Tag, page, size, lang, cancellationToken));
        }

        // The Secretariat's work list, any status.
        if (user.Identity?.IsAuthenticated != true)
        {
            return EditorialProblems.StatusFilterNeedsSignIn(lang);
        }

        if (!user.IsInRole(PlatformRoles.Secretariat))
        {
            return EditorialProblems.StatusFilterForbidden(lang);
        }

        var query = EditorialWorkflow.Items(db, request.Route.Kind).AsNoTracking();
        if (request.Tag is { } tag)
        {
            query = query.Where(n => n.Tags.Contains(tag));
        }

        if (request.Status != "all")
        {
            var wanted = Enum.Parse<EditorialStatus>(request.Status, ignoreCase: true);
            query = query.Where(n => n.Status == wanted);
        }

        var count = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(n => n.UpdatedAt).ThenBy(n => n.Id)
            .Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<EditorialAdminView>(rows.Select(EditorialAdminView.From).ToList(), page, size, count));
    }

    public static async Task<Results<Ok<EditorialView>, ProblemHttpResult, ValidationProblem>> GetBySlugAsync(
        [AsParameters] EditorialSlugRequest request, ContentDbContext db, Lang lang, CancellationToken cancellationToken)
    {
        // The slug of either language finds the item; it is then served in the requested language.
        string language = lang;
        var slug = request.Slug;
        var item = await EditorialWorkflow.Items(db, request.Route.Kind).AsNoTracking()
            .Where(n => n.Status == EditorialStatus.Published && n.Translations.Any(t => t.Ready && t.Slug == slug))
            .OrderBy(n => n.Translations.Any(t => t.Slug == slug && t.Language == language) ? 0 : 1)
            .FirstOrDefaultAsync(cancellationToken);
        return item is not null && EditorialView.From(item, language) is { } view
            ? TypedResults.Ok(view)
            : EditorialProblems.NotFound(request.Route.Kind, lang, slug);
    }

    public static async Task<Results<Ok<EditorialAdminView>, ProblemHttpResult>> GetByIdAsync(
        [AsParameters] EditorialItemRequest request, ContentDbContext db, Lang lang, CancellationToken cancellationToken)
    {
        var item = await EditorialWorkflow.Items(db, request.Route.Kind).AsNoTracking().FirstOrDefaultAsync(n => n.Id == request.Id, cancellationToken);
        return item is null
            ? EditorialProblems.NotFound(request.Route.Kind, lang, request.Id.ToString())
            : TypedResults.Ok(EditorialAdminView.From(item));
    }
}
