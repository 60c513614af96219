using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Projects;

/// <summary>The technical assistance project inventory under <c>/api/content/projects</c>.</summary>
public static class ProjectsEndpoints
{
    internal static async Task<Results<Ok<PagedList<ProjectView>>, ValidationProblem>> ListAsync(
        [AsParameters] ProjectListRequest request, Lang lang, ContentDbContext db, CancellationToken cancellationToken)
    {
        string language = lang;
        var errors = new ValidationErrors(language);
        var filter = ProjectValidator.ValidateList(request, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var query = db.Set<Project>().AsNoTracking();
        if (filter.Country is { } countryCode)
        {
            query = query.Where(x => x.Countries.Contains(countryCode));
        }

        if (request.Theme is { } theme)
        {
            query = query.Where(x => x.Themes.Contains(theme));
        }

        if (filter.Year is { } yv)
        {
            query = query.Where(x => x.StartYear <= yv && (x.EndYear == null || x.EndYear >= yv));
        }

        var (p, size) = (filter.Page, filter.PageSize);
        var total = await query.CountAsync(cancellationToken);
        var ordered = language == Languages.English
            ? query.OrderByDescending(x => x.StartYear).ThenBy(x => x.TitleEn ?? x.TitleFr).ThenBy(x => x.Id)
            : query.OrderByDescending(x => x.StartYear).ThenBy(x => x.TitleFr ?? x.TitleEn).ThenBy(x => x.Id);
        var items = await ordered.Skip((p - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<ProjectView>(items.Select(x => ProjectView.From(x, language)).ToList(), p, size, total));
    }

    internal static async Task<Results<Ok<ProjectView>, ProblemHttpResult, ValidationProblem>> GetAsync(
        Lang lang, Guid id, ContentDbContext db, CancellationToken cancellationToken)
    {
        string language = lang;

        var project = await db.Set<Project>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        return project is null ? NotFound(language, id) : TypedResults.Ok(ProjectView.From(project, language));
    }

    internal static async Task<Results<Created<ProjectView>, ValidationProblem>> CreateAsync(
        Lang lang, ProjectWriteRequest? request, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        string language = lang;
        var errors = new ValidationErrors(language);
        if (Validate(request, errors) is not { } fields)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow();
        var project = Project.Create(fields, now);
        db.Add(project);
        db.Publish(project.ToPublishedEvent(now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/content/projects/{project.Id}", ProjectView.From(project, language));
    }

    internal static async Task<Results<Ok<ProjectView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Lang lang, Guid id, ProjectWriteRequest? request, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        string language = lang;
        var errors = new ValidationErrors(language);
        if (Validate(request, errors) is not { } fields)
        {
            return errors.ToProblem();
        }

        var project = await db.Set<Project>().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (project is null)
        {
            return NotFound(language, id);
        }

        var now = time.GetUtcNow();
        project.Update(fields, now);
        db.Publish(project.ToPublishedEvent(now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict(language,
                ("Modification concurrente", "Concurrent edit"),
                ("Le projet a été modifié entre-temps ; rechargez-le puis réessayez.", "The project changed meanwhile; reload it and try again."));
        }

        return TypedResults.Ok(ProjectView.From(project, language));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Lang lang, Guid id, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        string language = lang;
        var project = await db.Set<Project>().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (project is null)
        {
            return NotFound(language, id);
        }

        var now = time.GetUtcNow();
        db.Remove(project);
        db.Publish(new ProjectRemoved(Guid.CreateVersion7(now), now, id));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return NotFound(language, id);
        }

        return TypedResults.NoContent();
    }

    private static readonly Dictionary<string, string> JsonFields = new()
    {
        ["title"] = "translations",
        ["titleFr"] = "translations.fr.title",
        ["titleEn"] = "translations.en.title",
        ["summaryFr"] = "translations.fr.summary",
        ["summaryEn"] = "translations.en.summary",
    };

    private static ProjectFields? Validate(ProjectWriteRequest? request, ValidationErrors errors)
    {
        if (request is null)
        {
            errors.Add("body", "Le corps de la requête est requis.", "The request body is required.");
            return null;
        }

        foreach (var key in (request.Translations?.Keys ?? Enumerable.Empty<string>()).Where(k => !Languages.IsSupported(k)))
        {
            errors.Add($"translations.{key}", "Langue inconnue : seules « fr » et « en » sont acceptées.", "Unknown language: only 'fr' and 'en' are accepted.");
        }

        var fr = request.Translations?.GetValueOrDefault(Languages.French);
        var en = request.Translations?.GetValueOrDefault(Languages.English);
        var draft = new ProjectDraft(
            fr?.Title, en?.Title, fr?.Summary, en?.Summary, request.Countries,
            request.StartYear?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            request.EndYear?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            request.Donor, request.Implementer, request.Themes);
        var fields = ProjectValidator.Validate(draft, (field, french, english) =>
            errors.Add(JsonFields.GetValueOrDefault(field, field), french, english));
        return errors.IsEmpty ? fields : null;
    }

    private static ProblemHttpResult NotFound(string language, Guid id) => Problems.NotFound(language,
        ("Projet introuvable", "Project not found"),
        ($"Aucun projet « {id} ».", $"No project '{id}'."));
}
