using Microsoft.AspNetCore.Mvc;

namespace RabatPlatform.Publications.Features.Feeds;

/// <summary><c>/api/publications/feeds/publications.{lang}.rss|atom</c>: the feed's language is in the path.</summary>
public sealed record FeedRequest([FromRoute(Name = "lang")] string Language);
