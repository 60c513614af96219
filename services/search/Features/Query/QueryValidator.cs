using RabatPlatform.Contracts;

namespace RabatPlatform.Search.Features.Query;

/// <summary>Turns a query string into a <see cref="SearchRequest"/> (or a suggestion's text), or errors.</summary>
internal static class QueryValidator
{
    public const int MaxQueryLength = 500;
    public const int MaxSuggestLength = 100;

    public static SearchRequest Validate(SearchItemsRequest request, Lang lang, ValidationErrors errors)
    {
        var query = Text(request.Q, MaxQueryLength, errors);
        if (request.Type is not null && !SearchItemTypes.All.Contains(request.Type))
        {
            Add(errors, "type", QueryProblems.UnknownType());
        }

        if (request.Year is < 1900 or > 2200)
        {
            Add(errors, "year", QueryProblems.Year);
        }

        if (request.Theme is { Length: 0 or > 100 })
        {
            Add(errors, "theme", QueryProblems.Theme);
        }
        else if (request.Theme?.Contains('\0', StringComparison.Ordinal) == true)
        {
            Add(errors, "theme", QueryProblems.NulCharacter);
        }

        if (request.Country is { } country && (country.Length != 2 || !country.All(char.IsAsciiLetter)))
        {
            Add(errors, "country", QueryProblems.Country);
        }

        if (request.TextLanguage is not null && !Languages.IsSupported(request.TextLanguage))
        {
            Add(errors, "language", QueryProblems.TextLanguage);
        }

        var (page, pageSize) = Paging.Validate(request.Page, request.PageSize, errors);
        return new SearchRequest(
            query, lang.Code, request.Type, request.Year, request.Theme, request.Country, page, pageSize, request.TextLanguage);
    }

    public static string Validate(SuggestRequest request, ValidationErrors errors) => Text(request.Q, MaxSuggestLength, errors);

    private static string Text(string? q, int maxLength, ValidationErrors errors)
    {
        var query = q?.Trim() ?? "";
        if (query.Length == 0)
        {
            Add(errors, "q", QueryProblems.TextRequired);
        }
        else if (query.Length > maxLength)
        {
            Add(errors, "q", QueryProblems.TextTooLong(maxLength));
        }
        else if (query.Contains('\0', StringComparison.Ordinal))
        {
            // PostgreSQL stores and compares no NUL character in text (SQLSTATE 22021): refused here, not a 500 there.
            Add(errors, "q", QueryProblems.NulCharacter);
        }

        return query;
    }

    private static void Add(ValidationErrors errors, string field, (string Fr, string En) text) => errors.Add(field, text.Fr, text.En);
}
