namespace RabatPlatform.Search.Features.Query;

public sealed record SearchHit(
    string Type, Guid Id, string Slug, string Title, string? Snippet, DateTimeOffset Date, string Language, bool Fallback, string Url);

public sealed record SearchResults(
    string Query,
    string Language,
    IReadOnlyList<SearchHit> Items,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets,
    int Page,
    int PageSize,
    int Total,
    string? DidYouMean,
    bool TotalIsEstimate = false);

public sealed record Suggestion(string Title, string Type, Guid Id, string Slug);

public sealed record SuggestResults(string Query, string Language, IReadOnlyList<Suggestion> Suggestions);
