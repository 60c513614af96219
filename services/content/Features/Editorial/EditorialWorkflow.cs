using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;
using RabatPlatform.Persistence;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>The steps every editorial write shares: find the item, check slugs, keep a revision, save.</summary>
internal static class EditorialWorkflow
{
    /// <summary>The route segment of a kind: <c>news</c>, <c>pages</c>.</summary>
    public static string Segment(EditorialKind kind) => kind == EditorialKind.News ? "news" : "pages";

    public static IQueryable<EditorialItem> Items(ContentDbContext db, EditorialKind kind) =>
        db.Set<EditorialItem>().Where(n => n.Kind == kind);

    public static Task<EditorialItem?> FindAsync(ContentDbContext db, EditorialKind kind, Guid id, CancellationToken cancellationToken) =>
        Items(db, kind).FirstOrDefaultAsync(n => n.Id == id, cancellationToken);

    /// <summary>Who saves: the token's name, else its subject.</summary>
    public static string Author(ClaimsPrincipal user)
    {
        var name = user.FindFirstValue("name") ?? user.Identity?.Name ?? user.FindFirstValue("sub") ?? "unknown";
        return name.Length > 200 ? name[..200] : name;
    }

    /// <summary>The first version whose slug another item of the kind already uses in its language.</summary>
    public static async Task<EditorialTranslation?> FindSlugConflictAsync(
        ContentDbContext db, EditorialKind kind, IEnumerable<EditorialTranslation> translations, Guid? except, CancellationToken cancellationToken)
    {
        foreach (var t in translations)
        {
            if (await Items(db, kind).AnyAsync(
                    n => n.Id != except && n.Translations.Any(x => x.Language == t.Language && x.Slug == t.Slug),
                    cancellationToken))
            {
                return t;
            }
        }

        return null;
    }

    /// <summary>
    /// The item to publish or schedule: 404 when unknown, 409 when already published (with
    /// <paramref name="alreadyPublished"/>) or without any ready version.
    /// </summary>
    public static async Task<(EditorialItem? Item, ProblemHttpResult? Refused)> PublishableAsync(
        ContentDbContext db, EditorialKind kind, Guid id, string language, Func<string, ProblemHttpResult> alreadyPublished, CancellationToken cancellationToken)
    {
        var item = await FindAsync(db, kind, id, cancellationToken);
        if (item is null)
        {
            return (null, EditorialProblems.NotFound(kind, language, id.ToString()));
        }

        if (item.Status == EditorialStatus.Published)
        {
            return (null, alreadyPublished(language));
        }

        return item.Translations.Any(t => t.Ready) ? (item, null) : (null, EditorialProblems.NoReadyVersion(language));
    }

    /// <summary>Records the revision and saves; a 409 when another request took a slug or changed the item meanwhile.</summary>
    public static async Task<ProblemHttpResult?> SaveAsync(
        ContentDbContext db, EditorialItem item, RevisionSnapshot before, string action, ClaimsPrincipal user, DateTimeOffset now,
        string language, List<EditorialTranslation> translations, CancellationToken cancellationToken)
    {
        Revisions.Record(db, item, before, action, Author(user), now);
        var (outcome, constraint) = await db.TrySaveChangesAsync(cancellationToken);
        return outcome switch
        {
            SaveOutcome.Saved => null,
            // Another request took the slug (or the revision number) between the check and the save.
            SaveOutcome.UniqueViolation when translations.Count > 0 && constraint?.Contains("slug", StringComparison.OrdinalIgnoreCase) == true =>
                EditorialProblems.SlugConflict(language, translations[0]),
            _ => EditorialProblems.ConcurrentEdit(language),
        };
    }

    /// <summary>Puts a revision's versions back, rendered again.</summary>
    public static List<EditorialTranslation> Restored(RevisionSnapshot snapshot, EditorialHtml html) =>
        snapshot.Translations.Select(v => new EditorialTranslation
        {
            Language = v.Key,
            Title = v.Value.Title,
            Summary = v.Value.Summary,
            Source = v.Value.Body,
            Body = html.Render(v.Value.Body, v.Value.Format),
            Format = v.Value.Format,
            Slug = v.Value.Slug,
            Ready = v.Value.Status != "draft",
        }).ToList();
}
