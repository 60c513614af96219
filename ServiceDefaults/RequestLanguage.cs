using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using RabatPlatform.Contracts;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The language of the request, bound as an endpoint parameter (<c>Lang lang</c>): an endpoint never
/// resolves it by hand. An invalid <c>?lang=</c> is an error named with the request's other field errors
/// (<see cref="Errors"/> starts with it) or, for an endpoint that checks no query, a 400 before it runs
/// (<see cref="RequestLanguage.UseRequestLanguage"/>).
/// </summary>
public readonly record struct Lang(string Code)
{
    public static readonly Lang French = new(Languages.French);

    public static readonly Lang English = new(Languages.English);

    /// <summary>The request's <c>?lang=</c> was neither fr nor en (the language then comes from Accept-Language).</summary>
    public bool InvalidQuery { get; init; }

    public static ValueTask<Lang> BindAsync(HttpContext context) => ValueTask.FromResult(
        new Lang(RequestLanguage.Resolve(context)) { InvalidQuery = RequestLanguage.HasInvalidQuery(context) });

    /// <summary>The French or English text.</summary>
    public string Pick(string french, string english) => Localized.Pick(Code, french, english);

    /// <summary>The French or English text of a pair.</summary>
    public string Pick((string Fr, string En) text) => Localized.Pick(Code, text.Fr, text.En);

    /// <summary>The field errors of this request, in this language: empty, or the <c>lang</c> error.</summary>
    public ValidationErrors Errors() => new(this);

    public override string ToString() => Code;

    public static implicit operator string(Lang lang) => lang.Code;
}

/// <summary>The language a request asks for: <c>?lang=fr|en</c>, else <c>Accept-Language</c>, else French.</summary>
public static class RequestLanguage
{
    public static string Resolve(HttpContext context)
    {
        var query = context.Request.Query["lang"].ToString();
        if (Languages.IsSupported(query))
        {
            return query;
        }

        var accepted = context.Request.GetTypedHeaders().AcceptLanguage;
        foreach (var value in accepted.OrderByDescending(v => v.Quality ?? 1))
        {
            var tag = value.Value.Value;
            if (tag is null)
            {
                continue;
            }

            var primary = tag.Split('-')[0].ToLowerInvariant();
            if (Languages.IsSupported(primary))
            {
                return primary;
            }
        }

        return Languages.Default;
    }

    /// <summary>
    /// Refuses a request whose <c>?lang=</c> is neither <c>fr</c> nor <c>en</c> with a 400 validation
    /// problem naming the field, before the endpoint runs — unless the endpoint checks its query itself
    /// (it binds an <c>[AsParameters]</c> request and <see cref="Lang"/>): then its validation names the
    /// language with every other bad parameter at once (<see cref="Lang.Errors"/>).
    /// </summary>
    public static WebApplication UseRequestLanguage(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!HasInvalidQuery(context) || ChecksItsQuery(context.GetEndpoint()))
            {
                await next(context);
                return;
            }

            // The request's Lang knows its ?lang= is invalid: its errors start with the `lang` error.
            await (await Lang.BindAsync(context)).Errors().ToProblem().ExecuteAsync(context);
        });
        return app;
    }

    /// <summary>An explicit <c>?lang=</c> that is neither fr nor en.</summary>
    public static bool HasInvalidQuery(HttpContext context) =>
        context.Request.Query.TryGetValue("lang", out var query) && !Languages.IsSupported(query.ToString());

    /// <summary>
    /// Whether the endpoint validates query values itself: its handler binds <see cref="Lang"/> and an
    /// <c>[AsParameters]</c> record with at least one query value (a record of route values only checks no query).
    /// </summary>
    private static bool ChecksItsQuery(Endpoint? endpoint)
    {
        if (endpoint?.Metadata.GetMetadata<MethodInfo>()?.GetParameters() is not { } parameters
            || !parameters.Any(p => p.ParameterType == typeof(Lang)))
        {
            return false;
        }

        var routeValues = (endpoint as RouteEndpoint)?.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        return parameters
            .Where(p => p.GetCustomAttribute<AsParametersAttribute>() is not null)
            .SelectMany(p => p.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Any(property => IsQueryValue(property, routeValues));
    }

    private static bool IsQueryValue(PropertyInfo property, HashSet<string> routeValues)
    {
        var constructorParameter = property.DeclaringType?.GetConstructors().SelectMany(c => c.GetParameters())
            .FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
        var sources = property.GetCustomAttributes(inherit: true)
            .Concat(constructorParameter?.GetCustomAttributes(inherit: true) ?? [])
            .Where(a => a is IFromQueryMetadata or IFromRouteMetadata or IFromBodyMetadata or IFromHeaderMetadata
                or IFromServiceMetadata or IFromFormMetadata)
            .ToList();
        if (sources.Count > 0)
        {
            return sources.Any(s => s is IFromQueryMetadata);
        }

        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var simple = type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(Guid) || type == typeof(decimal)
            || type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan);
        return simple && !routeValues.Contains(property.Name);
    }
}

/// <summary>Picks the French or English text of a message.</summary>
public static class Localized
{
    public static string Pick(string language, string french, string english) =>
        language == Languages.English ? english : french;
}

/// <summary>Collects field errors, each in the caller's language, into a 400 validation problem.</summary>
public sealed class ValidationErrors(string language)
{
    /// <summary>The errors of a request: none yet, or the <c>lang</c> error when its <c>?lang=</c> is invalid.</summary>
    public ValidationErrors(Lang lang)
        : this(lang.Code)
    {
        if (lang.InvalidQuery)
        {
            Add("lang", "La langue doit être « fr » ou « en ».", "The language must be 'fr' or 'en'.");
        }
    }

    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public string Language => language;

    public bool IsEmpty => errors.Count == 0;

    public ValidationErrors Add(string field, string french, string english)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(Localized.Pick(language, french, english));
        return this;
    }

    public ValidationProblem ToProblem() => TypedResults.ValidationProblem(
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        title: Localized.Pick(language, "La requête contient des erreurs de validation.", "The request has validation errors."));
}

/// <summary>Problem details (<c>application/problem+json</c>) with bilingual title and detail.</summary>
public static class Problems
{
    public static ProblemHttpResult Create(
        int status, string language, (string Fr, string En) title, (string Fr, string En) detail,
        IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(
            statusCode: status,
            title: Localized.Pick(language, title.Fr, title.En),
            detail: Localized.Pick(language, detail.Fr, detail.En),
            extensions: extensions);

    public static ProblemHttpResult NotFound(string language, (string Fr, string En) title, (string Fr, string En) detail) =>
        Create(StatusCodes.Status404NotFound, language, title, detail);

    public static ProblemHttpResult Conflict(
        string language, (string Fr, string En) title, (string Fr, string En) detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status409Conflict, language, title, detail, extensions);

    /// <summary>
    /// 409: the item changed between the caller's read and this write (its concurrency token moved on);
    /// <paramref name="detail"/> says which item, e.g. "The publication changed meanwhile; reload it and try again."
    /// </summary>
    public static ProblemHttpResult ConcurrentEdit(string language, (string Fr, string En) detail) =>
        Conflict(language, ("Modification concurrente", "Concurrent edit"), detail);

    /// <summary>409: another item already uses this slug in this language; <c>errors</c> names the field.</summary>
    public static ProblemHttpResult SlugConflict(string language, string versionLanguage, string slug) => Conflict(language,
        ("Slug déjà utilisé", "Slug already in use"),
        ($"Le slug « {slug} » est déjà utilisé en « {versionLanguage} ».", $"The slug '{slug}' is already used in '{versionLanguage}'."),
        new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [$"translations.{versionLanguage}.slug"] = [slug] } });
}
