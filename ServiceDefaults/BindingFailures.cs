using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A query, route or header value the framework could not parse (<c>?page=abc</c>, <c>?year=2e3</c>, a GUID, a date, a
/// boolean) or a required one missing. With <c>ThrowOnBadRequest</c> the framework raises a
/// <see cref="BadHttpRequestException"/> whose English message names the .NET type and parameter
/// (<c>Failed to bind parameter "int? Page" from "abc".</c>); this turns it into the platform's validation problem:
/// <c>errors</c> keyed by the name the client sent (<c>page</c>), in the request's language, with no .NET type name.
/// </summary>
public static partial class BindingFailures
{
    /// <summary>The validation problem for a binding failure, or null when the exception is another kind of bad request.</summary>
    public static ValidationProblem? Describe(HttpContext context, BadHttpRequestException exception, string language)
    {
        var match = BindingFailed().Match(exception.Message);
        var missing = !match.Success ? RequiredMissing().Match(exception.Message) : null;
        if (!match.Success && missing is not { Success: true })
        {
            return null;
        }

        var found = match.Success ? match : missing!;
        var type = found.Groups["type"].Value.TrimEnd('?');
        var name = ClientName(context, found.Groups["name"].Value);
        var errors = new ValidationErrors(language);
        if (!match.Success)
        {
            errors.Add(name, "Une valeur est requise pour ce paramètre.", "A value is required for this parameter.");
        }
        else
        {
            var (french, english) = Expected(type);
            errors.Add(name, $"La valeur de ce paramètre n'est pas valide : {french} attendu.", $"The value of this parameter is not valid: {english} expected.");
        }

        return errors.ToProblem();
    }

    /// <summary>What a value of the parameter's type looks like, in both languages.</summary>
    private static (string French, string English) Expected(string type) => type switch
    {
        "int" or "long" or "short" or "byte" or "uint" or "ulong" or "ushort" or "sbyte" => ("un nombre entier", "a whole number"),
        "decimal" or "double" or "float" => ("un nombre", "a number"),
        "bool" => ("« true » ou « false »", "'true' or 'false'"),
        "Guid" => ("un identifiant (GUID)", "an identifier (GUID)"),
        "DateOnly" => ("une date AAAA-MM-JJ", "a date YYYY-MM-DD"),
        "DateTime" or "DateTimeOffset" => ("une date et heure ISO 8601", "an ISO 8601 date and time"),
        "TimeSpan" or "TimeOnly" => ("une durée ou une heure", "a duration or time of day"),
        _ => ("une valeur autorisée", "an allowed value"),
    };

    /// <summary>
    /// The name the client uses for a parameter: the query, route or header key it sent (matched ignoring case), else
    /// the name its binding attribute gives (<c>[FromQuery(Name = "page")]</c>), else the parameter's name in camel case.
    /// </summary>
    private static string ClientName(HttpContext context, string parameter)
    {
        var request = context.Request;
        var sent = request.Query.Keys.Concat(request.RouteValues.Keys)
            .FirstOrDefault(key => string.Equals(key, parameter, StringComparison.OrdinalIgnoreCase));
        if (sent is not null)
        {
            return sent;
        }

        if (DeclaredName(context.GetEndpoint(), parameter) is { } declared)
        {
            return declared;
        }

        return parameter.Length == 0 ? "query" : char.ToLowerInvariant(parameter[0]) + parameter[1..];
    }

    private static string? DeclaredName(Endpoint? endpoint, string parameter)
    {
        if (endpoint?.Metadata.GetMetadata<MethodInfo>() is not { } method)
        {
            return null;
        }

        var candidates = method.GetParameters().SelectMany(p => p.GetCustomAttribute<AsParametersAttribute>() is null
            ? [(ICustomAttributeProvider)p]
            : p.ParameterType.GetProperties().Cast<ICustomAttributeProvider>()
                .Concat(p.ParameterType.GetConstructors().SelectMany(c => c.GetParameters())));
        foreach (var candidate in candidates)
        {
            var name = candidate switch { ParameterInfo p => p.Name, PropertyInfo p => p.Name, _ => null };
            if (!string.Equals(name, parameter, StringComparison.Ordinal))
            {
                continue;
            }

            var declared = candidate.GetCustomAttributes(true).Select(a => a switch
            {
                IFromQueryMetadata q => q.Name,
                IFromRouteMetadata r => r.Name,
                IFromHeaderMetadata h => h.Name,
                _ => null,
            }).FirstOrDefault(n => !string.IsNullOrEmpty(n));
            if (declared is not null)
            {
                return declared;
            }
        }

        return null;
    }

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\" from \"", RegexOptions.CultureInvariant)]
    private static partial Regex BindingFailed();

    [GeneratedRegex("^Required parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\" was not provided from (?<source>query string|route|header)", RegexOptions.CultureInvariant)]
    private static partial Regex RequiredMissing();
}
