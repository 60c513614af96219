using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Publications.Data;
using RabatPlatform.Publications.Features.Publications;

namespace RabatPlatform.Publications.Features.Feeds;

/// <summary>
/// The feed handlers. The route's <c>{lang}</c> is the feed's language; <c>negotiated</c> (the <c>Lang</c> of
/// <c>?lang=</c> or <c>Accept-Language</c>) is only the language of an error.
/// </summary>
internal static class FeedsEndpoints
{
    public const int FeedSize = 50;

    public static Task<Results<FileContentHttpResult, ValidationProblem>> RssAsync(
        [AsParameters] FeedRequest request, PublicationsDbContext db, IOptions<PublicationsOptions> options, Lang negotiated,
        CancellationToken cancellationToken) =>
        FeedAsync(request, db, options.Value, negotiated, atom: false, cancellationToken);

    public static Task<Results<FileContentHttpResult, ValidationProblem>> AtomAsync(
        [AsParameters] FeedRequest request, PublicationsDbContext db, IOptions<PublicationsOptions> options, Lang negotiated,
        CancellationToken cancellationToken) =>
        FeedAsync(request, db, options.Value, negotiated, atom: true, cancellationToken);

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> FeedAsync(
        FeedRequest request, PublicationsDbContext db, PublicationsOptions options, Lang negotiated, bool atom, CancellationToken cancellationToken)
    {
        if (FeedsValidator.Validate(request, negotiated.Errors()) is { IsEmpty: false } errors)
        {
            return errors.ToProblem();
        }

        // Published publications with a version in this language, newest first.
        var language = request.Language;
        var publications = await db.Set<Publication>().AsNoTracking()
            .Where(p => p.Status == PublicationStatus.Published && p.Translations.Any(t => t.Language == language))
            .OrderByDescending(p => p.PublishedOn).ThenByDescending(p => p.PublishedAt).ThenBy(p => p.Id)
            .Take(FeedSize)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return TypedResults.File(FeedsViews.Feed(publications, options, language, atom), atom ? FeedsViews.AtomContentType : FeedsViews.RssContentType);
    }
}
