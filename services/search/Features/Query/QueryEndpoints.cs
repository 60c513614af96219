using Microsoft.AspNetCore.Http.HttpResults;
using RabatPlatform.Search.Data;

namespace RabatPlatform.Search.Features.Query;

internal static class QueryEndpoints
{
    public const int SuggestLimit = 8;

    public static async Task<Results<Ok<SearchResults>, ValidationProblem>> SearchAsync(
        [AsParameters] SearchItemsRequest request, SearchDbContext db, Lang lang, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        var search = QueryValidator.Validate(request, lang, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await SearchQueries.SearchAsync(db, search, cancellationToken));
    }

    public static async Task<Results<Ok<SuggestResults>, ValidationProblem>> SuggestAsync(
        [AsParameters] SuggestRequest request, SearchDbContext db, Lang lang, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        var query = QueryValidator.Validate(request, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var suggestions = await SearchQueries.SuggestAsync(db, query, lang.Code, SuggestLimit, cancellationToken);
        return TypedResults.Ok(new SuggestResults(query, lang.Code, suggestions));
    }
}
