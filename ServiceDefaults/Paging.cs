namespace Microsoft.Extensions.Hosting;

/// <summary>A page of results: <c>{"items":[…],"page":1,"pageSize":20,"total":N}</c>.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>The platform's paging rules: pages 1 to 100,000, 1 to 100 items a page, 20 by default.</summary>
public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>
    /// The last page a list serves: its offset, (page - 1) × size, then fits an <see cref="int"/> whatever the size
    /// (at most 9,999,900 rows), far past any list of the platform. A page beyond it is a 400 naming <c>page</c>,
    /// like a page below 1, rather than a clamped page: the answer never echoes a page the client did not ask for.
    /// </summary>
    public const int MaxPage = 100_000;

    /// <summary>Adds an error per invalid field; returns the page and size to use.</summary>
    public static (int Page, int PageSize) Validate(int? page, int? pageSize, ValidationErrors errors)
    {
        if (page is < 1)
        {
            errors.Add("page", "La page commence à 1.", "Pages start at 1.");
        }
        else if (page > MaxPage)
        {
            errors.Add("page", $"La page va de 1 à {MaxPage}.", $"Pages range from 1 to {MaxPage}.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"La taille de page va de 1 à {MaxPageSize}.", $"The page size ranges from 1 to {MaxPageSize}.");
        }

        return (page ?? 1, pageSize ?? DefaultPageSize);
    }
}
