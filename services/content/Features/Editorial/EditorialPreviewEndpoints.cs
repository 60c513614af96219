using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Content.Data;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>Preview links: the Secretariat issues a signed, expiring token; anyone holding it sees the item.</summary>
internal static class EditorialPreviewEndpoints
{
    public static async Task<Results<Ok<PreviewTokenView>, ProblemHttpResult>> PreviewTokenAsync(
        [AsParameters] EditorialItemRequest request, ContentDbContext db, PreviewTokens tokens, IOptions<EditorialOptions> options,
        Lang lang, CancellationToken cancellationToken)
    {
        if (!await EditorialWorkflow.Items(db, request.Route.Kind).AnyAsync(n => n.Id == request.Id, cancellationToken))
        {
            return EditorialProblems.NotFound(request.Route.Kind, lang, request.Id.ToString());
        }

        var (token, expiresAt) = tokens.Issue(request.Id);
        var path = $"/api/content/{request.Route.Segment}/preview?token={Uri.EscapeDataString(token)}";
        return TypedResults.Ok(new PreviewTokenView(token, options.Value.BaseUrl + path, path, expiresAt));
    }

    public static async Task<Results<Ok<EditorialPreviewView>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        [AsParameters] EditorialPreviewRequest request, ContentDbContext db, PreviewTokens tokens, HttpResponse response,
        Lang lang, CancellationToken cancellationToken)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Robots-Tag"] = "noindex";
        var errors = lang.Errors();
        var check = tokens.Check(request.Token, out var id, out var expiresAt);
        EditorialValidator.CheckPreviewToken(check, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        switch (check)
        {
            case PreviewTokenCheck.Forged:
                return EditorialProblems.PreviewTokenForged(lang);
            case PreviewTokenCheck.Expired:
                return EditorialProblems.PreviewTokenExpired(lang, expiresAt);
        }

        var item = await EditorialWorkflow.Items(db, request.Route.Kind).AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        return item is null || EditorialPreviewView.From(item, lang, expiresAt) is not { } view
            ? EditorialProblems.NotFound(request.Route.Kind, lang, id.ToString())
            : TypedResults.Ok(view);
    }
}
