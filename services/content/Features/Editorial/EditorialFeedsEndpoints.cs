using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Content.Data;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>RSS 2.0 and Atom 1.0 news feeds (one language each) and the sitemap of news and pages.</summary>
public static class EditorialFeedsEndpoints
{
    public const int FeedSize = 50;

    /// <summary>The sitemap protocol's limit of URLs in one file.</summary>
    public const int SitemapMaxUrls = 50_000;

    public const string RssContentType = "application/rss+xml; charset=utf-8";
    public const string AtomContentType = "application/atom+xml; charset=utf-8";
    public const string XmlContentType = "application/xml; charset=utf-8";

    public static Task<Results<FileContentHttpResult, ValidationProblem>> RssAsync(
        [AsParameters] EditorialFeedRequest request, ContentDbContext db, IOptions<EditorialOptions> options, Lang language, CancellationToken cancellationToken) =>
        FeedAsync(request.FeedLanguage, db, options.Value, language, atom: false, cancellationToken);

    public static Task<Results<FileContentHttpResult, ValidationProblem>> AtomAsync(
        [AsParameters] EditorialFeedRequest request, ContentDbContext db, IOptions<EditorialOptions> options, Lang language, CancellationToken cancellationToken) =>
        FeedAsync(request.FeedLanguage, db, options.Value, language, atom: true, cancellationToken);

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> FeedAsync(
        string feedLanguage, ContentDbContext db, EditorialOptions options, Lang lang, bool atom, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        EditorialValidator.CheckFeedLanguage(feedLanguage, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var items = await db.Set<EditorialItem>().AsNoTracking()
            .Where(n => n.Kind == EditorialKind.News && n.Status == EditorialStatus.Published
                && n.Translations.Any(t => t.Ready && t.Language == feedLanguage))
            .OrderByDescending(n => n.PublishedAt).ThenBy(n => n.Id)
            .Take(FeedSize)
            .ToListAsync(cancellationToken);
        return TypedResults.File(EditorialFeedViews.Feed(items, options, feedLanguage, atom), atom ? AtomContentType : RssContentType);
    }

    /// <summary>
    /// Every public version of every published news item and page, each with its alternates
    /// (<c>xhtml:link rel="alternate" hreflang="fr|en|x-default"</c>; x-default is the French version when there is one).
    /// </summary>
    public static async Task<FileContentHttpResult> SitemapAsync(ContentDbContext db, IOptions<EditorialOptions> options, CancellationToken cancellationToken)
    {
        var items = await db.Set<EditorialItem>().AsNoTracking()
            .Where(n => n.Status == EditorialStatus.Published && n.Translations.Any(t => t.Ready))
            .OrderBy(n => n.Kind).ThenByDescending(n => n.PublishedAt).ThenBy(n => n.Id)
            .Take(SitemapMaxUrls / 2)
            .ToListAsync(cancellationToken);
        return TypedResults.File(EditorialFeedViews.Sitemap(items, options.Value), XmlContentType);
    }

}
