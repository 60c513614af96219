using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RabatPlatform.Persistence;
using RabatPlatform.Publications.Data;

namespace RabatPlatform.Publications.Features.Publications;

/// <summary>The publication handlers (routes: <see cref="PublicationsFeature.MapPublications"/>).</summary>
internal static class PublicationsEndpoints
{
    public static async Task<Results<Ok<PagedList<PublicationView>>, ValidationProblem>> ListAsync(
        [AsParameters] ListPublicationsRequest request, ClaimsPrincipal user, PublicationsDbContext db, Lang lang,
        CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        if (PublicationsValidator.Validate(request, PublicationsWorkflow.IsSecretariat(user), errors) is not { } filter)
        {
            return errors.ToProblem();
        }

        var (items, total) = await PublicationsWorkflow.ListAsync(db, filter, cancellationToken);
        return TypedResults.Ok(new PagedList<PublicationView>(
            items.Select(x => PublicationView.From(x, lang)).ToList(), filter.Page, filter.PageSize, total));
    }

    public static async Task<Results<Ok<PublicationView>, ProblemHttpResult, ValidationProblem>> GetBySlugAsync(
        [AsParameters] PublicationSlugRequest request, ClaimsPrincipal user, PublicationsDbContext db, Lang lang,
        CancellationToken cancellationToken)
    {
        var (publication, problem) = await PublicationsWorkflow.FindVisibleAsync(db, user, request.Slug, lang, cancellationToken);
        return problem is not null ? problem : TypedResults.Ok(PublicationView.From(publication!, lang));
    }

    public static async Task<Results<Ok<PublicationStatsView>, ProblemHttpResult>> StatsAsync(
        [AsParameters] PublicationSlugRequest request, ClaimsPrincipal user, PublicationsDbContext db, Lang lang,
        CancellationToken cancellationToken)
    {
        var (publication, problem) = await PublicationsWorkflow.FindVisibleAsync(db, user, request.Slug, lang, cancellationToken);
        return problem is not null ? problem : TypedResults.Ok(PublicationStatsView.From(publication!));
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult, ValidationProblem>> CiteAsync(
        [AsParameters] CitePublicationRequest request, HttpContext http, PublicationsDbContext db, Lang lang,
        CancellationToken cancellationToken)
    {
        if (PublicationsValidator.Validate(request, lang.Errors()) is { IsEmpty: false } errors)
        {
            return errors.ToProblem();
        }

        var (publication, problem) = await PublicationsWorkflow.FindVisibleAsync(db, http.User, request.Slug, lang, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}";
        return request.Format == "bibtex"
            ? TypedResults.Text(Citations.BibTex(publication!, lang, baseUrl), "application/x-bibtex; charset=utf-8")
            : TypedResults.Text(Citations.CslJson(publication!, lang, baseUrl), "application/vnd.citationstyles.csl+json; charset=utf-8");
    }

    public static async Task<Results<Created<PublicationAdminView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        PublicationWriteRequest? request, PublicationsDbContext db, TimeProvider time, Lang lang, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        if (await PublicationsWorkflow.ValidateAsync(db, request, errors, cancellationToken) is not { } input)
        {
            return errors.ToProblem();
        }

        if (await PublicationsWorkflow.FindSlugConflictAsync(db, input.Translations, null, cancellationToken) is { } taken)
        {
            return PublicationsProblems.SlugConflict(lang, taken);
        }

        var publication = Publication.Create(input, time.GetUtcNow());
        db.Add(publication);
        var (outcome, _) = await db.TrySaveChangesAsync(cancellationToken);
        return PublicationsProblems.ForSave(lang, outcome, input.Translations) is { } conflict
            ? conflict
            : TypedResults.Created($"/api/publications/by-slug/{publication.Translations[0].Slug}", PublicationAdminView.From(publication));
    }

    public static async Task<Results<Ok<PublicationAdminView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        [AsParameters] PublicationIdRequest route, PublicationWriteRequest? request, PublicationsDbContext db, TimeProvider time,
        Lang lang, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        if (await PublicationsWorkflow.ValidateAsync(db, request, errors, cancellationToken) is not { } input)
        {
            return errors.ToProblem();
        }

        if (await PublicationsWorkflow.FindAsync(db, route.Id, cancellationToken) is not { } publication)
        {
            return PublicationsProblems.NotFound(lang, route.Id.ToString());
        }

        if (await PublicationsWorkflow.FindSlugConflictAsync(db, input.Translations, route.Id, cancellationToken) is { } taken)
        {
            return PublicationsProblems.SlugConflict(lang, taken);
        }

        var now = time.GetUtcNow();
        publication.Update(input, now);
        if (publication.Status == PublicationStatus.Published)
        {
            db.Publish(publication.ToUpdatedEvent(now));
        }

        var (outcome, _) = await db.TrySaveChangesAsync(cancellationToken);
        return PublicationsProblems.ForSave(lang, outcome, input.Translations) is { } conflict
            ? conflict
            : TypedResults.Ok(PublicationAdminView.From(publication));
    }

    public static async Task<Results<Ok<PublicationAdminView>, ProblemHttpResult>> PublishAsync(
        [AsParameters] PublicationIdRequest request, PublicationsDbContext db, TimeProvider time, Lang lang, CancellationToken cancellationToken)
    {
        if (await PublicationsWorkflow.FindAsync(db, request.Id, cancellationToken) is not { } publication)
        {
            return PublicationsProblems.NotFound(lang, request.Id.ToString());
        }

        if (publication.Status == PublicationStatus.Published)
        {
            return PublicationsProblems.AlreadyPublished(lang);
        }

        if (publication.Files.Count == 0)
        {
            return PublicationsProblems.NoFile(lang);
        }

        var now = time.GetUtcNow();
        publication.Publish(now);
        db.Publish(publication.ToPublishedEvent(now));
        var (outcome, _) = await db.TrySaveChangesAsync(cancellationToken);
        return PublicationsProblems.ForSave(lang, outcome, publication.Translations) is { } conflict
            ? conflict
            : TypedResults.Ok(PublicationAdminView.From(publication));
    }

    public static async Task<Results<Ok<PublicationAdminView>, ProblemHttpResult>> WithdrawAsync(
        [AsParameters] PublicationIdRequest request, PublicationsDbContext db, TimeProvider time, Lang lang, CancellationToken cancellationToken)
    {
        if (await PublicationsWorkflow.FindAsync(db, request.Id, cancellationToken) is not { } publication)
        {
            return PublicationsProblems.NotFound(lang, request.Id.ToString());
        }

        if (publication.Status != PublicationStatus.Published)
        {
            return PublicationsProblems.NotPublished(lang);
        }

        var now = time.GetUtcNow();
        publication.Withdraw(now);
        db.Publish(publication.ToWithdrawnEvent(now));
        var (outcome, _) = await db.TrySaveChangesAsync(cancellationToken);
        return PublicationsProblems.ForSave(lang, outcome, publication.Translations) is { } conflict
            ? conflict
            : TypedResults.Ok(PublicationAdminView.From(publication));
    }
}
