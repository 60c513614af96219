using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RabatPlatform.Publications.Data;
using RabatPlatform.Publications.Features.Meetings;

namespace RabatPlatform.Publications.Features.Publications;

/// <summary>The publication endpoints under <c>/api/publications</c> (files: <see cref="Files.PublicationFilesApi"/>).</summary>
public static class PublicationsApi
{
    public static RouteGroupBuilder MapPublicationsApi(this RouteGroupBuilder api)
    {
        api.WithTags("Publications");
        api.MapGet("/", ListAsync);
        api.MapGet("/{slug}", GetBySlugAsync);
        api.MapGet("/{slug}/stats", StatsAsync);
        api.MapGet("/{slug}/cite", CiteAsync);
        api.MapPost("/", CreateAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        api.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        api.MapPost("/{id:guid}/publish", PublishAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        api.MapPost("/{id:guid}/withdraw", WithdrawAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        return api;
    }

    internal static bool IsSecretariat(HttpContext http) => http.User.IsInRole(PlatformRoles.Secretariat);

    internal static async Task<Results<Ok<PagedList<PublicationView>>, ValidationProblem>> ListAsync(
        HttpContext http, PublicationsDbContext db, string? type, int? year, int? gcm, string? theme, string? status,
        int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = RequestLanguage.CheckQuery(http, new ValidationErrors(language));
        var (p, size) = Paging.Validate(page, pageSize, errors);
        if (type is not null && !PublicationRules.Types.Contains(type))
        {
            errors.Add("type", $"Le type doit être l'un de : {string.Join(", ", PublicationRules.Types)}.",
                $"The type must be one of: {string.Join(", ", PublicationRules.Types)}.");
        }

        if (year is < 1990 or > 2100)
        {
            errors.Add("year", "L'année va de 1990 à 2100.", "The year ranges from 1990 to 2100.");
        }

        if (gcm is < PublicationRules.MinGcm or > PublicationRules.MaxGcm)
        {
            errors.Add("gcm", "Les objectifs du PMM vont de 1 à 23.", "GCM objectives range from 1 to 23.");
        }

        if (theme is not null && (theme.Length > PublicationRules.ThemeMaxLength || !PublicationRules.ThemePattern().IsMatch(theme)))
        {
            errors.Add("theme", "Le thème est un slug en minuscules.", "The theme is a lower-case slug.");
        }

        var wanted = PublicationStatus.Published;
        if (status is not null && (!Enum.TryParse(status, ignoreCase: true, out wanted) || !IsSecretariat(http)
            || !status.All(char.IsLower)))
        {
            errors.Add("status", "Seul le Secrétariat filtre par statut (draft, published, withdrawn).",
                "Only the Secretariat filters by status (draft, published, withdrawn).");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var query = db.Set<Publication>().AsNoTracking().Where(x => x.Status == wanted);
        if (type is not null)
        {
            query = query.Where(x => x.Type == type);
        }

        if (year is { } y)
        {
            var from = new DateOnly(y, 1, 1);
            var to = from.AddYears(1);
            query = query.Where(x => x.PublishedOn >= from && x.PublishedOn < to);
        }

        if (gcm is { } g)
        {
            query = query.Where(x => x.GcmObjectives.Contains(g));
        }

        if (theme is not null)
        {
            query = query.Where(x => x.Themes.Contains(theme));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderByDescending(x => x.PublishedOn).ThenByDescending(x => x.Id)
            .Skip((p - 1) * size).Take(size)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<PublicationView>(items.Select(x => PublicationView.From(x, language)).ToList(), p, size, total));
    }

    /// <summary>
    /// Finds a publication by the slug of either language. The public sees published ones (a withdrawn one
    /// answers 410); the Secretariat sees every state.
    /// </summary>
    internal static async Task<(Publication? Publication, ProblemHttpResult? Problem)> FindBySlugAsync(
        HttpContext http, PublicationsDbContext db, string slug, string language, bool tracking, CancellationToken cancellationToken)
    {
        var query = tracking ? db.Set<Publication>() : db.Set<Publication>().AsNoTracking();
        var publication = await query
            .Where(x => x.Translations.Any(t => t.Slug == slug))
            .OrderBy(x => x.Translations.Any(t => t.Slug == slug && t.Language == language) ? 0 : 1)
            .AsSplitQuery()
            .FirstOrDefaultAsync(cancellationToken);
        if (publication is null || (publication.Status == PublicationStatus.Draft && !IsSecretariat(http)))
        {
            return (null, NotFound(language, slug));
        }

        if (publication.Status == PublicationStatus.Withdrawn && !IsSecretariat(http))
        {
            return (null, Problems.Create(StatusCodes.Status410Gone, language,
                ("Publication retirée", "Publication withdrawn"),
                ($"La publication « {slug} » a été retirée.", $"The publication '{slug}' has been withdrawn.")));
        }

        return (publication, null);
    }

    internal static async Task<Results<Ok<PublicationView>, ProblemHttpResult, ValidationProblem>> GetBySlugAsync(
        HttpContext http, PublicationsDbContext db, string slug, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        if (RequestLanguage.CheckQuery(http, new ValidationErrors(language)) is { IsEmpty: false } badLanguage)
        {
            return badLanguage.ToProblem();
        }

        var (publication, problem) = await FindBySlugAsync(http, db, slug, language, false, cancellationToken);
        return problem ?? (Results<Ok<PublicationView>, ProblemHttpResult, ValidationProblem>)TypedResults.Ok(PublicationView.From(publication!, language));
    }

    internal static async Task<Results<Ok<PublicationStatsView>, ProblemHttpResult>> StatsAsync(
        HttpContext http, PublicationsDbContext db, string slug, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var (publication, problem) = await FindBySlugAsync(http, db, slug, language, false, cancellationToken);
        return problem ?? (Results<Ok<PublicationStatsView>, ProblemHttpResult>)TypedResults.Ok(PublicationStatsView.From(publication!));
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult, ValidationProblem>> CiteAsync(
        HttpContext http, PublicationsDbContext db, string slug, string? format, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = RequestLanguage.CheckQuery(http, new ValidationErrors(language));
        if (format is not ("bibtex" or "csl-json"))
        {
            errors.Add("format", "Le format doit être « bibtex » ou « csl-json ».", "The format must be 'bibtex' or 'csl-json'.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var (publication, problem) = await FindBySlugAsync(http, db, slug, language, false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}";
        return format == "bibtex"
            ? TypedResults.Text(Citations.BibTex(publication!, language, baseUrl), "application/x-bibtex; charset=utf-8")
            : TypedResults.Text(Citations.CslJson(publication!, language, baseUrl), "application/vnd.citationstyles.csl+json; charset=utf-8");
    }

    internal static async Task<Results<Created<PublicationAdminView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext http, PublicationWriteRequest? request, PublicationsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = new ValidationErrors(language);
        var input = PublicationValidator.Validate(request, errors);
        if (input is not null)
        {
            await CheckMeetingAsync(db, input.RelatedMeetingId, errors, cancellationToken);
        }

        if (input is null || !errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (await FindSlugConflictAsync(db, input.Translations, null, cancellationToken) is { } taken)
        {
            return SlugConflict(language, taken);
        }

        var publication = Publication.Create(input, time.GetUtcNow());
        db.Add(publication);
        if (await TrySaveAsync(db, language, input.Translations, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Created($"/api/publications/{publication.Translations[0].Slug}", PublicationAdminView.From(publication));
    }

    internal static async Task<Results<Ok<PublicationAdminView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        HttpContext http, Guid id, PublicationWriteRequest? request, PublicationsDbContext db, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = new ValidationErrors(language);
        var input = PublicationValidator.Validate(request, errors);
        if (input is not null)
        {
            await CheckMeetingAsync(db, input.RelatedMeetingId, errors, cancellationToken);
        }

        if (input is null || !errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var publication = await db.Set<Publication>().AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (publication is null)
        {
            return NotFound(language, id.ToString());
        }

        if (await FindSlugConflictAsync(db, input.Translations, id, cancellationToken) is { } taken)
        {
            return SlugConflict(language, taken);
        }

        var now = time.GetUtcNow();
        publication.Update(input, now);
        if (publication.Status == PublicationStatus.Published)
        {
            db.Publish(publication.ToUpdatedEvent(now));
        }

        return await TrySaveAsync(db, language, input.Translations, cancellationToken) is { } conflict
            ? conflict
            : TypedResults.Ok(PublicationAdminView.From(publication));
    }

    internal static async Task<Results<Ok<PublicationAdminView>, ProblemHttpResult>> PublishAsync(
        HttpContext http, Guid id, PublicationsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var publication = await db.Set<Publication>().AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (publication is null)
        {
            return NotFound(language, id.ToString());
        }

        if (publication.Status == PublicationStatus.Published)
        {
            return Problems.Conflict(language,
                ("Déjà publiée", "Already published"),
                ("Cette publication est déjà publiée.", "This publication is already published."));
        }

        if (publication.Files.Count == 0)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, language,
                ("Aucun fichier", "No file"),
                ("Une publication ne peut être publiée sans au moins un fichier.", "A publication cannot be published without at least one file."),
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["files"] = [Localized.Pick(language, "Téléversez d'abord un fichier.", "Upload a file first.")] } });
        }

        var now = time.GetUtcNow();
        publication.Publish(now);
        db.Publish(publication.ToPublishedEvent(now));
        return await TrySaveAsync(db, language, publication.Translations, cancellationToken) is { } conflict
            ? conflict
            : TypedResults.Ok(PublicationAdminView.From(publication));
    }

    internal static async Task<Results<Ok<PublicationAdminView>, ProblemHttpResult>> WithdrawAsync(
        HttpContext http, Guid id, PublicationsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var publication = await db.Set<Publication>().AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (publication is null)
        {
            return NotFound(language, id.ToString());
        }

        if (publication.Status != PublicationStatus.Published)
        {
            return Problems.Conflict(language,
                ("Non publiée", "Not published"),
                ("Seule une publication publiée peut être retirée.", "Only a published publication can be withdrawn."));
        }

        var now = time.GetUtcNow();
        publication.Withdraw(now);
        db.Publish(publication.ToWithdrawnEvent(now));
        return await TrySaveAsync(db, language, publication.Translations, cancellationToken) is { } conflict
            ? conflict
            : TypedResults.Ok(PublicationAdminView.From(publication));
    }

    private static async Task CheckMeetingAsync(PublicationsDbContext db, Guid? meetingId, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (meetingId is { } mid && !await db.Set<KnownMeeting>().AnyAsync(m => m.Id == mid, cancellationToken))
        {
            errors.Add("relatedMeetingId", "Réunion inconnue : elle doit avoir été annoncée par le service des réunions.",
                "Unknown meeting: it must have been announced by the meetings service.");
        }
    }

    private static async Task<PublicationTranslation?> FindSlugConflictAsync(
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

    private static async Task<ProblemHttpResult?> TrySaveAsync(
        PublicationsDbContext db, string language, IReadOnlyList<PublicationTranslation> translations, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return ConcurrentEdit(language);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return SlugConflict(language, translations[0]);
        }
    }

    internal static ProblemHttpResult ConcurrentEdit(string language) => Problems.Conflict(language,
        ("Modification concurrente", "Concurrent edit"),
        ("La publication a été modifiée entre-temps ; rechargez-la puis réessayez.", "The publication changed meanwhile; reload it and try again."));

    internal static ProblemHttpResult NotFound(string language, string key) => Problems.NotFound(language,
        ("Publication introuvable", "Publication not found"),
        ($"Aucune publication ne correspond à « {key} ».", $"No publication matches '{key}'."));

    private static ProblemHttpResult SlugConflict(string language, PublicationTranslation t) => Problems.Conflict(language,
        ("Slug déjà utilisé", "Slug already in use"),
        ($"Le slug « {t.Slug} » est déjà utilisé en « {t.Language} ».", $"The slug '{t.Slug}' is already used in '{t.Language}'."),
        new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [$"translations.{t.Language}.slug"] = [t.Slug] } });
}

public sealed record VersionStatsView(int Version, long Downloads);

public sealed record LanguageStatsView(long Downloads, IReadOnlyList<VersionStatsView> Versions);

/// <summary>Counted downloads (written in batches: they lag by at most the flush interval).</summary>
public sealed record PublicationStatsView(Guid PublicationId, long Downloads, IReadOnlyDictionary<string, LanguageStatsView> Languages)
{
    public static PublicationStatsView From(Publication p) => new(
        p.Id,
        p.Files.Sum(f => f.Downloads),
        p.Files.GroupBy(f => f.Language).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => new LanguageStatsView(g.Sum(f => f.Downloads), g.OrderByDescending(f => f.Version).Select(f => new VersionStatsView(f.Version, f.Downloads)).ToList())));
}
