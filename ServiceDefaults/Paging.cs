namespace Microsoft.Extensions.Hosting;

/// <summary>A page of results: <c>{"items":[…],"page":1,"pageSize":20,"total":N}</c>.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>The platform's paging rules: pages from 1, 1 to 100 items a page, 20 by default.</summary>
public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Adds an error per invalid field; returns the page and size to use.</summary>
    public static (int Page, int PageSize) Validate(int? page, int? pageSize, ValidationErrors errors)
    {
        if (page is < 1)
        {
            errors.Add("page", "La page commence à 1.", "Pages start at 1.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"La taille de page va de 1 à {MaxPageSize}.", $"The page size ranges from 1 to {MaxPageSize}.");
        }

        return (page ?? 1, pageSize ?? DefaultPageSize);
    }
}
