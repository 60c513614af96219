using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Publications.Data;
using RabatPlatform.Publications.Features.Meetings;

namespace RabatPlatform.Publications.Features.Publications;

/// <summary>The reads and checks the publication endpoints (and the files' downloads) share.</summary>
internal static class PublicationsWorkflow
{
    public static bool IsSecretariat(ClaimsPrincipal user) => user.IsInRole(PlatformRoles.Secretariat);

    /// <summary>One page of a checked listing, newest first, and the total.</summary>
    public static async Task<(List<Publication> Items, int Total)> ListAsync(
        PublicationsDbContext db, PublicationFilter filter, CancellationToken cancellationToken)
    {
        var query = db.Set<Publication>().AsNoTracking().Where(x => x.Status == filter.Status);
        if (filter.Type is { } type)
        {
            query = query.Where(x => x.Type == type);
        }

        if (filter.Year is { } y)
        {
            var from = new DateOnly(y, 1, 1);
            var to = from.AddYears(1);
            query = query.Where(x => x.PublishedOn >= from && x.PublishedOn < to);
        }

        if (filter.Gcm is { } g)
        {
            query = query.Where(x => x.GcmObjectives.Contains(g));
        }

        if (filter.Theme is { } theme)
        {
            query = query.Where(x => x.Themes.Contains(theme));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderByDescending(x => x.PublishedOn).ThenByDescending(x => x.Id)
            .Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>
    /// Finds a publication by the slug of either language. The public sees published ones (a withdrawn one
    /// answers 410); the Secretariat sees every state.
    /// </summary>
    public static async Task<(Publication? Publication, ProblemHttpResult? Problem)> FindVisibleAsync(
        PublicationsDbContext db, ClaimsPrincipal user, string slug, Lang lang, CancellationToken cancellationToken)
    {
        string language = lang;
        var publication = await db.Set<Publication>().AsNoTracking()
            .Where(x => x.Translations.Any(t => t.Slug == slug))
            .OrderBy(x => x.Translations.Any(t => t.Slug == slug && t.Language == language) ? 0 : 1)
            .AsSplitQuery()
            .FirstOrDefaultAsync(cancellationToken);
        if (publication is null || (publication.Status == PublicationStatus.Draft && !IsSecretariat(user)))
        {
            return (null, PublicationsProblems.NotFound(lang, slug));
        }

        if (publication.Status == PublicationStatus.Withdrawn && !IsSecretariat(user))
        {
            return (null, PublicationsProblems.Withdrawn(lang, slug));
        }

        return (publication, null);
    }

    /// <summary>A publication by id, tracked for a change.</summary>
    public static Task<Publication?> FindAsync(PublicationsDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Set<Publication>().AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);

    /// <summary>Checks a write request, the related meeting included; null (with <paramref name="errors"/>) when refused.</summary>
    public static async Task<PublicationInput?> ValidateAsync(
        PublicationsDbContext db, PublicationWriteRequest? request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var input = PublicationsValidator.Validate(request, errors);
        if (input?.RelatedMeetingId is { } mid && !await db.Set<KnownMeeting>().AnyAsync(m => m.Id == mid, cancellationToken))
        {
            PublicationsValidator.UnknownMeeting(errors);
        }

        return input is not null && errors.IsEmpty ? input : null;
    }

    /// <summary>The first version whose slug another publication already uses in that language.</summary>
    public static async Task<PublicationTranslation?> FindSlugConflictAsync(
        PublicationsDbContext db, IEnumerable<PublicationTranslation> translations, Guid? except, CancellationToken cancellationToken)
    {
        foreach (var t in translations)
        {
            if (await db.Set<Publication>().AnyAsync(
                    x => x.Id != except && x.Translations.Any(y => y.Language == t.Language && y.Slug == t.Slug), cancellationToken))
            {
                return t;
            }
        }

        return null;
    }
}
