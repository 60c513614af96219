using Ganss.Xss;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RabatPlatform.Content.Data;

namespace RabatPlatform.Content.Features.News;

/// <summary>The news endpoints under <c>/api/content/news</c>.</summary>
public static class NewsApi
{
    public static RouteGroupBuilder MapNewsApi(this RouteGroupBuilder api)
    {
        var news = api.MapGroup("/news").WithTags("News");
        news.MapGet("/", ListAsync);
        news.MapGet("/{slug}", GetBySlugAsync);
        news.MapPost("/", CreateAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        news.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        news.MapPost("/{id:guid}/publish", PublishAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        news.MapPost("/{id:guid}/unpublish", UnpublishAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        return api;
    }

    internal static async Task<Results<Ok<PagedList<NewsView>>, ValidationProblem>> ListAsync(
        HttpContext http, ContentDbContext db, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = RequestLanguage.CheckQuery(http, new ValidationErrors(language));

        var (p, size) = Paging.Validate(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var published = db.News.AsNoTracking().Where(n => n.Status == NewsStatus.Published);
        var total = await published.CountAsync(cancellationToken);
        var items = await published
            .OrderByDescending(n => n.PublishedAt)
            .Skip((p - 1) * size)
            .Take(size)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<NewsView>(items.Select(n => NewsView.From(n, language)).ToList(), p, size, total));
    }

    internal static async Task<Results<Ok<NewsView>, ProblemHttpResult, ValidationProblem>> GetBySlugAsync(
        HttpContext http, ContentDbContext db, string slug, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        if (RequestLanguage.CheckQuery(http, new ValidationErrors(language)) is { IsEmpty: false } badLanguage)
        {
            return badLanguage.ToProblem();
        }
        // The slug of either language finds the item; it is then served in the requested language.
        var item = await db.News.AsNoTracking()
            .Where(n => n.Status == NewsStatus.Published && n.Translations.Any(t => t.Slug == slug))
            .OrderBy(n => n.Translations.Any(t => t.Slug == slug && t.Language == language) ? 0 : 1)
            .FirstOrDefaultAsync(cancellationToken);
        return item is null
            ? NotFound(language, slug)
            : TypedResults.Ok(NewsView.From(item, language));
    }

    internal static async Task<Results<Created<NewsAdminView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext http, NewsWriteRequest? request, ContentDbContext db, IHtmlSanitizer sanitizer, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = new ValidationErrors(language);
        var (translations, tags) = NewsValidator.Validate(request, errors, sanitizer);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (await FindSlugConflictAsync(db, translations, null, cancellationToken) is { } taken)
        {
            return SlugConflict(language, taken);
        }

        var item = NewsItem.Create(translations, tags, time.GetUtcNow());
        db.News.Add(item);
        if (await TrySaveAsync(db, language, translations, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Created($"/api/content/news/{item.Translations[0].Slug}", NewsAdminView.From(item));
    }

    internal static async Task<Results<Ok<NewsAdminView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        HttpContext http, Guid id, NewsWriteRequest? request, ContentDbContext db, IHtmlSanitizer sanitizer, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = new ValidationErrors(language);
        var (translations, tags) = NewsValidator.Validate(request, errors, sanitizer);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var item = await db.News.FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (item is null)
        {
            return NotFound(language, id.ToString());
        }

        if (await FindSlugConflictAsync(db, translations, id, cancellationToken) is { } taken)
        {
            return SlugConflict(language, taken);
        }

        var now = time.GetUtcNow();
        item.Update(translations, tags, now);
        if (item.Status == NewsStatus.Published)
        {
            db.Publish(item.ToUpdatedEvent(now));
        }

        return await TrySaveAsync(db, language, translations, cancellationToken) is { } conflict
            ? conflict
            : TypedResults.Ok(NewsAdminView.From(item));
    }

    internal static async Task<Results<Ok<NewsAdminView>, ProblemHttpResult>> UnpublishAsync(
        HttpContext http, Guid id, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var item = await db.News.FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (item is null)
        {
            return NotFound(language, id.ToString());
        }

        if (item.Status != NewsStatus.Published)
        {
            return Problems.Conflict(language,
                ("Non publiée", "Not published"),
                ("Cette actualité n'est pas publiée.", "This news item is not published."));
        }

        var now = time.GetUtcNow();
        var unpublished = item.ToUnpublishedEvent(now);
        item.Unpublish(now);
        db.Publish(unpublished);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(NewsAdminView.From(item));
    }

    internal static async Task<Results<Ok<NewsAdminView>, ProblemHttpResult>> PublishAsync(
        HttpContext http, Guid id, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var item = await db.News.FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (item is null)
        {
            return NotFound(language, id.ToString());
        }

        if (item.Status == NewsStatus.Published)
        {
            return Problems.Conflict(language,
                ("Déjà publiée", "Already published"),
                ("Cette actualité est déjà publiée.", "This news item is already published."));
        }

        var now = time.GetUtcNow();
        item.Publish(now);
        // The event commits with the change (outbox) and is published right after the commit.
        db.Publish(item.ToPublishedEvent(now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(NewsAdminView.From(item));
    }

    private static async Task<NewsTranslation?> FindSlugConflictAsync(
        ContentDbContext db, IEnumerable<NewsTranslation> translations, Guid? except, CancellationToken cancellationToken)
    {
        foreach (var t in translations)
        {
            if (await db.News.AnyAsync(
                    n => n.Id != except && n.Translations.Any(x => x.Language == t.Language && x.Slug == t.Slug),
                    cancellationToken))
            {
                return t;
            }
        }

        return null;
    }

    /// <summary>Saves a write; a 409 when another request took a slug or changed the item meanwhile.</summary>
    private static async Task<ProblemHttpResult?> TrySaveAsync(
        ContentDbContext db, string language, List<NewsTranslation> translations, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another request took the slug between the check and the save.
            return SlugConflict(language, translations[0]);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict(language,
                ("Modification concurrente", "Concurrent edit"),
                ("L'actualité a été modifiée entre-temps ; rechargez-la puis réessayez.", "The news item changed meanwhile; reload it and try again."));
        }
    }

    private static ProblemHttpResult NotFound(string language, string key) => Problems.NotFound(language,
        ("Actualité introuvable", "News item not found"),
        ($"Aucune actualité publiée ne correspond à « {key} ».", $"No published news item matches '{key}'."));

    private static ProblemHttpResult SlugConflict(string language, NewsTranslation t) => Problems.Conflict(language,
        ("Slug déjà utilisé", "Slug already in use"),
        ($"Le slug « {t.Slug} » est déjà utilisé en « {t.Language} ».", $"The slug '{t.Slug}' is already used in '{t.Language}'."),
        new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [$"translations.{t.Language}.slug"] = [t.Slug] } });
}
