using Microsoft.AspNetCore.Mvc;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>The kind (news or pages) an endpoint serves, read from its route group's metadata.</summary>
public sealed record EditorialRoute(EditorialKind Kind)
{
    /// <summary>The route segment: <c>news</c>, <c>pages</c>.</summary>
    public string Segment => EditorialWorkflow.Segment(Kind);

    public static ValueTask<EditorialRoute> BindAsync(HttpContext context) => ValueTask.FromResult(
        context.GetEndpoint()?.Metadata.GetMetadata<EditorialRoute>()
        ?? throw new InvalidOperationException("An editorial endpoint is mapped without its kind."));
}

/// <summary><c>GET /{kind}?tag=&amp;status=&amp;page=&amp;pageSize=</c></summary>
public sealed record EditorialListRequest(
    EditorialRoute Route,
    [FromQuery(Name = "tag")] string? Tag,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "pageSize")] int? PageSize);

/// <summary><c>GET /{kind}/{slug}</c></summary>
public sealed record EditorialSlugRequest(EditorialRoute Route, [FromRoute(Name = "slug")] string Slug);

/// <summary>The kind's collection: <c>POST /{kind}</c>.</summary>
public sealed record EditorialKindRequest(EditorialRoute Route);

/// <summary>An item by id: <c>/{kind}/{id}</c> and its actions.</summary>
public sealed record EditorialItemRequest(EditorialRoute Route, [FromRoute(Name = "id")] Guid Id);

/// <summary><c>GET /{kind}/preview?token=</c></summary>
public sealed record EditorialPreviewRequest(EditorialRoute Route, [FromQuery(Name = "token")] string? Token);

/// <summary><c>GET /{kind}/{id}/revisions?page=&amp;pageSize=</c></summary>
public sealed record EditorialRevisionsRequest(
    EditorialRoute Route,
    [FromRoute(Name = "id")] Guid Id,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "pageSize")] int? PageSize);

/// <summary><c>POST /{kind}/{id}/revisions/{number}/restore</c></summary>
public sealed record EditorialRestoreRequest(EditorialRoute Route, [FromRoute(Name = "id")] Guid Id, [FromRoute(Name = "number")] int Number);

/// <summary>One version in a write body.</summary>
/// <param name="Format"><c>markdown</c> or <c>html</c> (else the item's, else html).</param>
/// <param name="Status"><c>ready</c> (default) or <c>draft</c>.</param>
public sealed record EditorialTranslationInput(string? Title, string? Summary, string? Body, string? Slug, string? Format, string? Status);

/// <summary><c>{"translations":{"fr":{…},"en":{…}},"tags":[…],"format":"markdown","publishAt":…,"unpublishAt":…}</c></summary>
public sealed record EditorialWriteRequest(
    Dictionary<string, EditorialTranslationInput?>? Translations,
    List<string?>? Tags,
    string? Format,
    DateTimeOffset? PublishAt,
    DateTimeOffset? UnpublishAt);

/// <summary><c>{"publishAt":…,"unpublishAt":…}</c></summary>
public sealed record ScheduleRequest(DateTimeOffset? PublishAt, DateTimeOffset? UnpublishAt);

/// <summary>The optional body of <c>POST …/{id}/publish</c>: an archive item's original publication date.</summary>
public sealed record PublishRequest(DateTimeOffset? PublishedAt);

/// <summary><c>GET /feeds/news.{lang}.rss|atom</c>: the feed's language is part of its address.</summary>
public sealed record EditorialFeedRequest([FromRoute(Name = "lang")] string FeedLanguage);
