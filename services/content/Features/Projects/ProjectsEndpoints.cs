using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;
using RabatPlatform.Persistence;

namespace RabatPlatform.Content.Features.Projects;

/// <summary>The technical assistance project inventory under <c>/api/content/projects</c>.</summary>
internal static class ProjectsEndpoints
{
    /// <summary>Projects by country, theme and year (running that year), the latest first.</summary>
    public static async Task<Results<Ok<PagedList<ProjectView>>, ValidationProblem>> ListAsync(
        [AsParameters] ProjectListRequest request, Lang lang, ContentDbContext db, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        var filter = ProjectsValidator.ValidateList(request, errors);
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
        var ordered = lang.Code == Languages.English
            ? query.OrderByDescending(x => x.StartYear).ThenBy(x => x.TitleEn ?? x.TitleFr).ThenBy(x => x.Id)
            : query.OrderByDescending(x => x.StartYear).ThenBy(x => x.TitleFr ?? x.TitleEn).ThenBy(x => x.Id);
        var items = await ordered.Skip((p - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<ProjectView>(items.Select(x => ProjectView.From(x, lang)).ToList(), p, size, total));
    }

    public static async Task<Results<Ok<ProjectView>, ProblemHttpResult, ValidationProblem>> GetAsync(
        [AsParameters] ProjectIdRequest request, Lang lang, ContentDbContext db, CancellationToken cancellationToken)
    {
        var project = await db.Set<Project>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == request.Id, cancellationToken);
        return project is null ? ProjectsProblems.NotFound(lang, request.Id) : TypedResults.Ok(ProjectView.From(project, lang));
    }

    public static async Task<Results<Created<ProjectView>, ValidationProblem>> CreateAsync(
        ProjectWriteRequest? request, Lang lang, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        if (ProjectsValidator.ValidateWrite(request, errors) is not { } fields)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow();
        var project = Project.Create(fields, now);
        db.Add(project);
        db.Publish(project.ToPublishedEvent(now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/content/projects/{project.Id}", ProjectView.From(project, lang));
    }

    public static async Task<Results<Ok<ProjectView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        [AsParameters] ProjectIdRequest route, ProjectWriteRequest? request, Lang lang, ContentDbContext db, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        if (ProjectsValidator.ValidateWrite(request, errors) is not { } fields)
        {
            return errors.ToProblem();
        }

        var project = await db.Set<Project>().FirstOrDefaultAsync(x => x.Id == route.Id, cancellationToken);
        if (project is null)
        {
            return ProjectsProblems.NotFound(lang, route.Id);
        }

        var now = time.GetUtcNow();
        project.Update(fields, now);
        db.Publish(project.ToPublishedEvent(now));
        var (outcome, _) = await db.TrySaveChangesAsync(cancellationToken);
        return outcome == SaveOutcome.Saved ? TypedResults.Ok(ProjectView.From(project, lang)) : ProjectsProblems.ConcurrentEdit(lang);
    }

    /// <summary>Removes a project; one removed meanwhile (its row gone or changed) is a 404.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteAsync(
        [AsParameters] ProjectIdRequest route, Lang lang, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var project = await db.Set<Project>().FirstOrDefaultAsync(x => x.Id == route.Id, cancellationToken);
        if (project is null)
        {
            return ProjectsProblems.NotFound(lang, route.Id);
        }

        var now = time.GetUtcNow();
        db.Remove(project);
        db.Publish(new ProjectRemoved(Guid.CreateVersion7(now), now, route.Id));
        var (outcome, _) = await db.TrySaveChangesAsync(cancellationToken);
        return outcome == SaveOutcome.Saved ? TypedResults.NoContent() : ProjectsProblems.NotFound(lang, route.Id);
    }

    /// <summary>Imports a CSV file of projects (<see cref="ProjectsWorkflow.ImportAsync"/>): all rows, or none.</summary>
    public static async Task<Results<Ok<ImportResult>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        HttpContext http, Lang lang, ContentDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        var import = await ProjectsWorkflow.ImportAsync(http.Request, db, errors, time, cancellationToken);
        return import switch
        {
            { Outcome: ProjectImportOutcome.Imported, Ids: { } ids } => TypedResults.Ok(new ImportResult(ids.Count, ids)),
            { Outcome: ProjectImportOutcome.Invalid } => errors.ToProblem(),
            _ => ProjectsProblems.For(lang, import),
        };
    }
}
