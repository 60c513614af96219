using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>
/// The editorial endpoints, the same family for each kind: <c>/api/content/news…</c> and
/// <c>/api/content/pages…</c>.
/// </summary>
public static class EditorialApi
{
    private static readonly string[] StatusFilters = ["draft", "scheduled", "published", "archived", "all"];

    public static RouteGroupBuilder MapEditorialApi(this RouteGroupBuilder api)
    {
        MapKind(api, EditorialKind.News);
        MapKind(api, EditorialKind.Page);
        api.MapEditorialFeeds();
        return api;
    }

    /// <summary>The route segment of a kind: <c>news</c>, <c>pages</c>.</summary>
    public static string Segment(EditorialKind kind) => kind == EditorialKind.News ? "news" : "pages";

    private static void MapKind(RouteGroupBuilder api, EditorialKind kind)
    {
        var group = api.MapGroup("/" + Segment(kind)).WithTags(kind == EditorialKind.News ? "News" : "Pages");
        var secretariat = group.MapGroup("").RequireAuthorization(PlatformPolicies.Secretariat);

        group.MapGet("/", (HttpContext http, ContentDbContext db, string? tag, string? status, int? page, int? pageSize, CancellationToken ct) =>
            ListAsync(kind, http, db, tag, status, page, pageSize, ct));
        group.MapGet("/preview", (HttpContext http, ContentDbContext db, PreviewTokens tokens, string? token, CancellationToken ct) =>
            PreviewAsync(kind, http, db, tokens, token, ct));
        group.MapGet("/{slug}", (HttpContext http, ContentDbContext db, string slug, CancellationToken ct) =>
            GetBySlugAsync(kind, http, db, slug, ct));

        secretariat.MapGet("/{id:guid}", (HttpContext http, ContentDbContext db, Guid id, CancellationToken ct) =>
            GetByIdAsync(kind, http, db, id, ct));
        secretariat.MapPost("/", (HttpContext http, ContentDbContext db, EditorialHtml html, TimeProvider time, CancellationToken ct) =>
            CreateAsync(kind, http, db, html, time, ct)).Accepts<EditorialWriteRequest>("application/json");
        secretariat.MapPut("/{id:guid}", (HttpContext http, Guid id, ContentDbContext db, EditorialHtml html, TimeProvider time, CancellationToken ct) =>
            UpdateAsync(kind, http, id, db, html, time, ct)).Accepts<EditorialWriteRequest>("application/json");
        secretariat.MapPost("/{id:guid}/schedule", (HttpContext http, Guid id, ContentDbContext db, TimeProvider time, CancellationToken ct) =>
            ScheduleAsync(kind, http, id, db, time, ct)).Accepts<ScheduleRequest>("application/json");
        secretariat.MapPost("/{id:guid}/publish", (HttpContext http, Guid id, ContentDbContext db, TimeProvider time, CancellationToken ct) =>
            PublishAsync(kind, http, id, db, time, ct));
        secretariat.MapPost("/{id:guid}/unpublish", (HttpContext http, Guid id, ContentDbContext db, TimeProvider time, CancellationToken ct) =>
            UnpublishAsync(kind, http, id, db, time, archive: false, ct));
        secretariat.MapPost("/{id:guid}/archive", (HttpContext http, Guid id, ContentDbContext db, TimeProvider time, CancellationToken ct) =>
            UnpublishAsync(kind, http, id, db, time, archive: true, ct));
        secretariat.MapPost("/{id:guid}/preview-token", (HttpContext http, Guid id, ContentDbContext db, PreviewTokens tokens, IOptions<EditorialOptions> options, CancellationToken ct) =>
            PreviewTokenAsync(kind, http, id, db, tokens, options.Value, ct));
        secretariat.MapGet("/{id:guid}/revisions", (HttpContext http, Guid id, ContentDbContext db, int? page, int? pageSize, CancellationToken ct) =>
            RevisionsAsync(kind, http, id, db, page, pageSize, ct));
        secretariat.MapPost("/{id:guid}/revisions/{number:int}/restore", (HttpContext http, Guid id, int number, ContentDbContext db, EditorialHtml html, TimeProvider time, CancellationToken ct) =>
            RestoreAsync(kind, http, id, number, db, html, time, ct));
    }

    private static IQueryable<EditorialItem> Items(ContentDbContext db, EditorialKind kind) =>
        db.Set<EditorialItem>().Where(n => n.Kind == kind);

    internal static async Task<Results<Ok<PagedList<EditorialView>>, Ok<PagedList<EditorialAdminView>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        EditorialKind kind, HttpContext http, ContentDbContext db, string? tag, string? status, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = RequestLanguage.CheckQuery(http, new ValidationErrors(language));
        var (p, size) = Paging.Validate(page, pageSize, errors);
        if (tag is not null && Taxonomy.Check(tag) is { } badTag)
        {
            errors.Add("tag", badTag.Fr, badTag.En);
        }

        if (status is not null && !StatusFilters.Contains(status))
        {
            errors.Add("status", $"Le statut est l'un de : {string.Join(", ", StatusFilters)}.", $"The status is one of: {string.Join(", ", StatusFilters)}.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var query = Items(db, kind).AsNoTracking();
        if (tag is not null)
        {
            query = query.Where(n => n.Tags.Contains(tag));
        }

        if (status is null)
        {
            // The public: published items with at least one ready version, newest first.
            var published = query.Where(n => n.Status == EditorialStatus.Published && n.Translations.Any(t => t.Ready));
            var total = await published.CountAsync(cancellationToken);
            var items = await published.OrderByDescending(n => n.PublishedAt).ThenBy(n => n.Id)
                .Skip((p - 1) * size).Take(size).ToListAsync(cancellationToken);
            return TypedResults.Ok(new PagedList<EditorialView>(items.Select(n => EditorialView.From(n, language)!).ToList(), p, size, total));
        }

        // The Secretariat's work list, any status.
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return Problems.Create(StatusCodes.Status401Unauthorized, language,
                ("Authentification requise", "Authentication required"),
                ("Le filtre « status » est réservé au Secrétariat.", "The 'status' filter is for the Secretariat only."));
        }

        if (!http.User.IsInRole(PlatformRoles.Secretariat))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, language,
                ("Accès refusé", "Forbidden"),
                ("Le filtre « status » est réservé au Secrétariat.", "The 'status' filter is for the Secretariat only."));
        }

        if (status != "all")
        {
            var wanted = Enum.Parse<EditorialStatus>(status, ignoreCase: true);
            query = query.Where(n => n.Status == wanted);
        }

        var count = await query.CountAsync(cancellationToken);
        var page1 = await query.OrderByDescending(n => n.UpdatedAt).ThenBy(n => n.Id)
            .Skip((p - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<EditorialAdminView>(page1.Select(EditorialAdminView.From).ToList(), p, size, count));
    }

    internal static async Task<Results<Ok<EditorialView>, ProblemHttpResult, ValidationProblem>> GetBySlugAsync(
        EditorialKind kind, HttpContext http, ContentDbContext db, string slug, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        if (RequestLanguage.CheckQuery(http, new ValidationErrors(language)) is { IsEmpty: false } badLanguage)
        {
            return badLanguage.ToProblem();
        }

        // The slug of either language finds the item; it is then served in the requested language.
        var item = await Items(db, kind).AsNoTracking()
            .Where(n => n.Status == EditorialStatus.Published && n.Translations.Any(t => t.Ready && t.Slug == slug))
            .OrderBy(n => n.Translations.Any(t => t.Slug == slug && t.Language == language) ? 0 : 1)
            .FirstOrDefaultAsync(cancellationToken);
        return item is not null && EditorialView.From(item, language) is { } view
            ? TypedResults.Ok(view)
            : NotFound(kind, language, slug);
    }

    internal static async Task<Results<Ok<EditorialAdminView>, ProblemHttpResult>> GetByIdAsync(
        EditorialKind kind, HttpContext http, ContentDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var item = await Items(db, kind).AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        return item is null ? NotFound(kind, language, id.ToString()) : TypedResults.Ok(EditorialAdminView.From(item));
    }

    internal static async Task<Results<Created<EditorialAdminView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        EditorialKind kind, HttpContext http, ContentDbContext db, EditorialHtml html, TimeProvider time, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var (request, unreadable) = await ReadBodyAsync<EditorialWriteRequest>(http, language, cancellationToken);
        if (unreadable is not null)
        {
            return unreadable;
        }

        var now = time.GetUtcNow();
        var errors = new ValidationErrors(language);
        var (translations, tags) = EditorialValidator.Validate(request, errors, html);
        EditorialValidator.CheckSchedule(request?.PublishAt, request?.UnpublishAt, now, errors);
        if (request?.PublishAt is not null && translations.Count > 0 && !translations.Any(t => t.Ready))
        {
            NoReadyVersion(errors);
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (await FindSlugConflictAsync(db, kind, translations, null, cancellationToken) is { } taken)
        {
            return SlugConflict(language, taken);
        }

        var item = EditorialItem.Create(kind, now);
        var before = RevisionSnapshot.Empty;
        item.SetContent(translations, tags, now);
        if (request!.PublishAt is { } publishAt)
        {
            item.Schedule(publishAt, now);
        }

        item.SetUnpublishAt(request.UnpublishAt, now);
        db.Add(item);
        Revisions.Record(db, item, before, "created", Author(http), now);
        if (await TrySaveAsync(db, kind, language, translations, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Created($"/api/content/{Segment(kind)}/{item.Translations[0].Slug}", EditorialAdminView.From(item));
    }

    internal static async Task<Results<Ok<EditorialAdminView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        EditorialKind kind, HttpContext http, Guid id, ContentDbContext db, EditorialHtml html, TimeProvider time, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var (request, unreadable) = await ReadBodyAsync<EditorialWriteRequest>(http, language, cancellationToken);
        if (unreadable is not null)
        {
            return unreadable;
        }

        var now = time.GetUtcNow();
        var errors = new ValidationErrors(language);
        var (translations, tags) = EditorialValidator.Validate(request, errors, html);
        var item = await Items(db, kind).FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (item is null)
        {
            return errors.IsEmpty ? NotFound(kind, language, id.ToString()) : errors.ToProblem();
        }

        if (request?.PublishAt is not null && item.Status is EditorialStatus.Published or EditorialStatus.Archived)
        {
            errors.Add("publishAt",
                "Seul un brouillon ou un élément programmé peut être programmé : dépubliez-le d'abord.",
                "Only a draft or a scheduled item can be scheduled: unpublish it first.");
        }
        else
        {
            // unpublishAt must follow the (new or current) publication time and now.
            var start = request?.PublishAt ?? (item.Status == EditorialStatus.Scheduled ? item.PublishAt : null);
            EditorialValidator.CheckSchedule(request?.PublishAt, null, now, errors);
            if (request?.UnpublishAt is { } unpublish && (unpublish <= now || unpublish <= start))
            {
                errors.Add("unpublishAt", "La date de retrait doit suivre la publication et être dans le futur.", "The unpublish time must follow the publication and be in the future.");
            }
        }

        if (translations.Count > 0 && !translations.Any(t => t.Ready)
            && (item.Status is EditorialStatus.Published or EditorialStatus.Scheduled || request?.PublishAt is not null))
        {
            NoReadyVersion(errors);
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (await FindSlugConflictAsync(db, kind, translations, id, cancellationToken) is { } taken)
        {
            return SlugConflict(language, taken);
        }

        var before = RevisionSnapshot.Of(item);
        item.SetContent(translations, tags, now);
        if (request!.PublishAt is { } publishAt)
        {
            item.Schedule(publishAt, now);
        }

        if (request.UnpublishAt is { } unpublishAt)
        {
            item.SetUnpublishAt(unpublishAt, now);
        }

        if (item.Status == EditorialStatus.Published)
        {
            item.AnnounceUpdated(db, now);
        }

        Revisions.Record(db, item, before, "updated", Author(http), now);
        return await TrySaveAsync(db, kind, language, translations, cancellationToken) is { } conflict
            ? conflict
            : TypedResults.Ok(EditorialAdminView.From(item));
    }

    internal static async Task<Results<Ok<EditorialAdminView>, ValidationProblem, ProblemHttpResult>> ScheduleAsync(
        EditorialKind kind, HttpContext http, Guid id, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var (request, unreadable) = await ReadBodyAsync<ScheduleRequest>(http, language, cancellationToken);
        if (unreadable is not null)
        {
            return unreadable;
        }

        var now = time.GetUtcNow();
        var errors = new ValidationErrors(language);
        if (request?.PublishAt is null)
        {
            errors.Add("publishAt", "La date de publication est requise.", "The publication time is required.");
        }

        EditorialValidator.CheckSchedule(request?.PublishAt, request?.UnpublishAt, now, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var (item, refused) = await PublishableAsync(kind, id, db, language,
            ("Cet élément est déjà publié : dépubliez-le avant de le programmer.", "This item is already published: unpublish it before scheduling it."),
            cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var before = RevisionSnapshot.Of(item!);
        item!.Schedule(request!.PublishAt!.Value, now);
        item.SetUnpublishAt(request.UnpublishAt, now);
        Revisions.Record(db, item, before, "scheduled", Author(http), now);
        return await TrySaveAsync(db, kind, language, [], cancellationToken) is { } conflict
            ? conflict
            : TypedResults.Ok(EditorialAdminView.From(item));
    }

    /// <summary>
    /// Publishes now. An optional body <c>{"publishedAt": "2017-04-26T00:00:00Z"}</c> gives the original
    /// publication date of an item brought in from an archive (past only: a future time is a schedule).
    /// </summary>
    internal static async Task<Results<Ok<EditorialAdminView>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        EditorialKind kind, HttpContext http, Guid id, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var now = time.GetUtcNow();
        DateTimeOffset? original = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            var (request, unreadable) = await ReadBodyAsync<PublishRequest>(http, language, cancellationToken);
            if (unreadable is not null)
            {
                return unreadable;
            }

            var errors = new ValidationErrors(language);
            EditorialValidator.CheckOriginalPublication(request?.PublishedAt, now, errors);
            if (!errors.IsEmpty)
            {
                return errors.ToProblem();
            }

            original = request?.PublishedAt?.ToUniversalTime();
        }

        var (item, refused) = await PublishableAsync(kind, id, db, language,
            ("Cet élément est déjà publié.", "This item is already published."), cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var before = RevisionSnapshot.Of(item!);
        item!.Publish(original ?? now, now);
        if (item.UnpublishAt <= now)
        {
            item.SetUnpublishAt(null, now);
        }

        // The event commits with the change (outbox) and is published right after the commit.
        item.AnnouncePublished(db, now);
        Revisions.Record(db, item, before, "published", Author(http), now);
        return await TrySaveAsync(db, kind, language, [], cancellationToken) is { } conflict
            ? conflict
            : TypedResults.Ok(EditorialAdminView.From(item));
    }

    /// <summary>
    /// The item to publish or schedule: 404 when unknown, 409 when already published (with
    /// <paramref name="alreadyPublished"/> as the detail) or without any ready version.
    /// </summary>
    private static async Task<(EditorialItem? Item, ProblemHttpResult? Refused)> PublishableAsync(
        EditorialKind kind, Guid id, ContentDbContext db, string language, (string Fr, string En) alreadyPublished, CancellationToken cancellationToken)
    {
        var item = await Items(db, kind).FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (item is null)
        {
            return (null, NotFound(kind, language, id.ToString()));
        }

        if (item.Status == EditorialStatus.Published)
        {
            return (null, Problems.Conflict(language, ("Déjà publié", "Already published"), alreadyPublished));
        }

        return item.Translations.Any(t => t.Ready) ? (item, null) : (null, NoReadyVersionConflict(language));
    }

    /// <summary>
    /// Unpublish: a published or scheduled item goes back to draft. Archive: any item that is not
    /// archived yet. Taking a published item down emits <c>*.unpublished</c>.
    /// </summary>
    internal static async Task<Results<Ok<EditorialAdminView>, ProblemHttpResult>> UnpublishAsync(
        EditorialKind kind, HttpContext http, Guid id, ContentDbContext db, TimeProvider time, bool archive, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var item = await Items(db, kind).FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (item is null)
        {
            return NotFound(kind, language, id.ToString());
        }

        if (archive ? item.Status == EditorialStatus.Archived : item.Status is EditorialStatus.Draft or EditorialStatus.Archived)
        {
            return archive
                ? Problems.Conflict(language, ("Déjà archivé", "Already archived"), ("Cet élément est déjà archivé.", "This item is already archived."))
                : Problems.Conflict(language, ("Non publié", "Not published"), ("Cet élément n'est ni publié ni programmé.", "This item is neither published nor scheduled."));
        }

        var now = time.GetUtcNow();
        var before = RevisionSnapshot.Of(item);
        if (item.Status == EditorialStatus.Published)
        {
            item.AnnounceUnpublished(db, now);
        }

        if (archive)
        {
            item.Archive(now);
        }
        else
        {
            item.Unpublish(now);
        }

        Revisions.Record(db, item, before, archive ? "archived" : "unpublished", Author(http), now);
        return await TrySaveAsync(db, kind, language, [], cancellationToken) is { } conflict
            ? conflict
            : TypedResults.Ok(EditorialAdminView.From(item));
    }

    internal static async Task<Results<Ok<PreviewTokenView>, ProblemHttpResult>> PreviewTokenAsync(
        EditorialKind kind, HttpContext http, Guid id, ContentDbContext db, PreviewTokens tokens, EditorialOptions options, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        if (!await Items(db, kind).AnyAsync(n => n.Id == id, cancellationToken))
        {
            return NotFound(kind, language, id.ToString());
        }

        var (token, expiresAt) = tokens.Issue(id);
        var path = $"/api/content/{Segment(kind)}/preview?token={Uri.EscapeDataString(token)}";
        return TypedResults.Ok(new PreviewTokenView(token, options.BaseUrl + path, path, expiresAt));
    }

    internal static async Task<Results<Ok<EditorialPreviewView>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        EditorialKind kind, HttpContext http, ContentDbContext db, PreviewTokens tokens, string? token, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        var errors = RequestLanguage.CheckQuery(http, new ValidationErrors(language));
        var check = tokens.Check(token, out var id, out var expiresAt);
        if (check == PreviewTokenCheck.Malformed)
        {
            errors.Add("token", "Le jeton d'aperçu est absent ou mal formé.", "The preview token is missing or malformed.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        switch (check)
        {
            case PreviewTokenCheck.Forged:
                return Problems.Create(StatusCodes.Status403Forbidden, language,
                    ("Jeton d'aperçu invalide", "Invalid preview token"),
                    ("La signature du jeton d'aperçu ne correspond pas.", "The preview token's signature does not match."),
                    TokenError(language, "Signature invalide.", "Invalid signature."));
            case PreviewTokenCheck.Expired:
                return Problems.Create(StatusCodes.Status410Gone, language,
                    ("Jeton d'aperçu expiré", "Preview token expired"),
                    ($"Le lien d'aperçu a expiré le {expiresAt:u} ; demandez-en un nouveau.", $"The preview link expired at {expiresAt:u}; ask for a new one."),
                    TokenError(language, "Jeton expiré.", "Expired token."));
        }

        var item = await Items(db, kind).AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (item?.Resolve(language, readyOnly: false) is not var (t, fallback))
        {
            return NotFound(kind, language, id.ToString());
        }

        return TypedResults.Ok(new EditorialPreviewView(item.Id, item.Type, item.Status.ToString().ToLowerInvariant(), t.Language, fallback,
            t.Title, t.Summary, t.Body, t.Slug, item.Tags, item.PublishAt, item.PublishedAt, expiresAt));
    }

    internal static async Task<Results<Ok<PagedList<RevisionView>>, ValidationProblem, ProblemHttpResult>> RevisionsAsync(
        EditorialKind kind, HttpContext http, Guid id, ContentDbContext db, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = new ValidationErrors(language);
        var (p, size) = Paging.Validate(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (!await Items(db, kind).AnyAsync(n => n.Id == id, cancellationToken))
        {
            return NotFound(kind, language, id.ToString());
        }

        var revisions = db.Set<EditorialRevision>().AsNoTracking().Where(r => r.ItemId == id);
        var total = await revisions.CountAsync(cancellationToken);
        var rows = await revisions.OrderByDescending(r => r.Number).Skip((p - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<RevisionView>(
            rows.Select(r => new RevisionView(r.Number, r.Author, r.At, r.Action, r.Changes, RevisionSnapshot.Deserialize(r.Snapshot))).ToList(),
            p, size, total));
    }

    /// <summary>Puts a revision's versions and tags back (the workflow state stays); the restore is a revision of its own.</summary>
    internal static async Task<Results<Ok<EditorialAdminView>, ValidationProblem, ProblemHttpResult>> RestoreAsync(
        EditorialKind kind, HttpContext http, Guid id, int number, ContentDbContext db, EditorialHtml html, TimeProvider time, CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var item = await Items(db, kind).FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (item is null)
        {
            return NotFound(kind, language, id.ToString());
        }

        var revision = await db.Set<EditorialRevision>().AsNoTracking()
            .FirstOrDefaultAsync(r => r.ItemId == id && r.Number == number, cancellationToken);
        if (revision is null)
        {
            return Problems.NotFound(language,
                ("Révision introuvable", "Revision not found"),
                ($"L'élément n'a pas de révision {number}.", $"The item has no revision {number}."));
        }

        var snapshot = RevisionSnapshot.Deserialize(revision.Snapshot);
        var translations = snapshot.Translations.Select(v => new EditorialTranslation
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
        if (translations.Count == 0)
        {
            return Problems.Conflict(language,
                ("Révision vide", "Empty revision"),
                ("Cette révision n'a aucune version à restaurer.", "This revision has no version to restore."));
        }

        if (item.Status is EditorialStatus.Published or EditorialStatus.Scheduled && !translations.Any(t => t.Ready))
        {
            return NoReadyVersionConflict(language);
        }

        if (await FindSlugConflictAsync(db, kind, translations, id, cancellationToken) is { } taken)
        {
            return SlugConflict(language, taken);
        }

        var now = time.GetUtcNow();
        var before = RevisionSnapshot.Of(item);
        item.SetContent(translations, snapshot.Tags, now);
        if (item.Status == EditorialStatus.Published)
        {
            item.AnnounceUpdated(db, now);
        }

        Revisions.Record(db, item, before, $"restored:{number}", Author(http), now);
        return await TrySaveAsync(db, kind, language, translations, cancellationToken) is { } conflict
            ? conflict
            : TypedResults.Ok(EditorialAdminView.From(item));
    }

    /// <summary>Who saves: the token's name, else its subject.</summary>
    private static string Author(HttpContext http)
    {
        var user = http.User;
        var name = user.FindFirstValue("name") ?? user.Identity?.Name ?? user.FindFirstValue("sub") ?? "unknown";
        return name.Length > 200 ? name[..200] : name;
    }

    /// <summary>
    /// Reads a JSON body: a wrong content type is a 415, malformed JSON a 400 naming where it broke
    /// (<c>publishAt</c>, <c>translations.fr.title</c>…, or <c>body</c>).
    /// </summary>
    private static async Task<(T? Value, ProblemHttpResult? Error)> ReadBodyAsync<T>(HttpContext http, string language, CancellationToken cancellationToken)
        where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            return (null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, language,
                ("Type de contenu non pris en charge", "Unsupported media type"),
                ("Le corps doit être du JSON (application/json).", "The body must be JSON (application/json).")));
        }

        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(http.Request.Body, options, cancellationToken), null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is null or "$" ? "body" : ex.Path.TrimStart('$', '.');
            return (null, Problems.Create(StatusCodes.Status400BadRequest, language,
                ("JSON invalide", "Malformed JSON"),
                ("Le corps de la requête n'est pas un JSON valide pour cette opération.", "The request body is not valid JSON for this operation."),
                new Dictionary<string, object?>
                {
                    ["errors"] = new Dictionary<string, string[]>
                    {
                        [field] = [Localized.Pick(language, "Valeur ou syntaxe JSON invalide à cet endroit.", "Invalid JSON value or syntax here.")],
                    },
                }));
        }
    }

    private static async Task<EditorialTranslation?> FindSlugConflictAsync(
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

    /// <summary>Saves a write; a 409 when another request took a slug or changed the item meanwhile.</summary>
    private static async Task<ProblemHttpResult?> TrySaveAsync(
        ContentDbContext db, EditorialKind kind, string language, List<EditorialTranslation> translations, CancellationToken cancellationToken)
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
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
        {
            // Another request took the slug (or the revision number) between the check and the save.
            return translations.Count > 0 && unique.ConstraintName?.Contains("slug", StringComparison.OrdinalIgnoreCase) == true
                ? SlugConflict(language, translations[0])
                : ConcurrentEdit(language);
        }
    }

    private static ProblemHttpResult ConcurrentEdit(string language) => Problems.Conflict(language,
        ("Modification concurrente", "Concurrent edit"),
        ("L'élément a été modifié entre-temps ; rechargez-le puis réessayez.", "The item changed meanwhile; reload it and try again."));

    private static void NoReadyVersion(ValidationErrors errors) => errors.Add("translations",
        "Un élément programmé ou publié doit avoir au moins une version prête (status « ready »).",
        "A scheduled or published item needs at least one ready version (status 'ready').");

    private static ProblemHttpResult NoReadyVersionConflict(string language) => Problems.Conflict(language,
        ("Aucune version prête", "No ready version"),
        ("Au moins une version doit être prête (status « ready ») pour publier.", "At least one version must be ready (status 'ready') to publish."));

    private static Dictionary<string, object?> TokenError(string language, string fr, string en) =>
        new() { ["errors"] = new Dictionary<string, string[]> { ["token"] = [Localized.Pick(language, fr, en)] } };

    private static ProblemHttpResult NotFound(EditorialKind kind, string language, string key) => kind == EditorialKind.News
        ? Problems.NotFound(language,
            ("Actualité introuvable", "News item not found"),
            ($"Aucune actualité ne correspond à « {key} ».", $"No news item matches '{key}'."))
        : Problems.NotFound(language,
            ("Page introuvable", "Page not found"),
            ($"Aucune page ne correspond à « {key} ».", $"No page matches '{key}'."));

    private static ProblemHttpResult SlugConflict(string language, EditorialTranslation t) => Problems.Conflict(language,
        ("Slug déjà utilisé", "Slug already in use"),
        ($"Le slug « {t.Slug} » est déjà utilisé en « {t.Language} ».", $"The slug '{t.Slug}' is already used in '{t.Language}'."),
        new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [$"translations.{t.Language}.slug"] = [t.Slug] } });
}

/// <summary>Keeps a revision for every save.</summary>
internal static class Revisions
{
    public static void Record(ContentDbContext db, EditorialItem item, RevisionSnapshot before, string action, string author, DateTimeOffset now)
    {
        var after = RevisionSnapshot.Of(item);
        db.Add(new EditorialRevision
        {
            ItemId = item.Id,
            Number = item.NextRevision(),
            Author = author,
            At = now,
            Action = action,
            Changes = after.ChangesFrom(before),
            Snapshot = after.Serialize(),
        });
    }
}
