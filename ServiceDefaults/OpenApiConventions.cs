using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every service's OpenAPI document says without each endpoint repeating it: the bearer security scheme and
/// each operation's security (read from its authorization metadata), the problem answers it can give (400 for bad
/// parameters or bodies, 401/403 when it needs a token, 404 when it looks an id or slug up, 413/415 when it takes a
/// body), a stable operationId and a summary (<see cref="OpenApiOperationIds"/>). An endpoint still says what only it
/// knows (<c>.Produces…</c>, <c>.ProducesProblem(409)</c>, <c>.WithName</c>, <c>.WithSummary</c>).
/// </summary>
public static class OpenApiConventions
{
    /// <summary>The name of the security scheme in <c>components.securitySchemes</c>.</summary>
    public const string BearerScheme = "bearer";

    public const string ProblemSchema = "ProblemDetails";

    public const string ProblemMediaType = "application/problem+json";

    /// <summary>The one schema of the <c>lang</c> parameter, so that generated clients have one language type.</summary>
    public const string LangSchema = "Lang";

    public static OpenApiOptions AddPlatformConventions(this OpenApiOptions options, string title)
    {
        options.AddOperationTransformer((operation, context, _) =>
        {
            Describe(operation, context);
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            TypeStrings(schema, context);
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = title;
            document.Info.Version = "v1";
            document.Info.Description ??= "Part of the RabatPlatform API: every error is an RFC 9457 problem document "
                + "(application/problem+json) with bilingual (fr/en) texts; `?lang=fr|en` or Accept-Language picks the language.";
            EnsureProblemSchema(document);
            OpenApiOperationIds.Assign(document);
            return Task.CompletedTask;
        });
        return options;
    }

    private static void Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var roles = RequiredRoles(metadata);
        var document = context.Document!;
        operation.Responses ??= [];
        if (roles is null)
        {
            // Anonymous. A handler that reads the caller (ClaimsPrincipal) shows more to a signed-in Secretariat.
            var readsCaller = context.Description.ParameterDescriptions.Any(p => p.Type == typeof(ClaimsPrincipal))
                || context.Description.ActionDescriptor.EndpointMetadata.OfType<System.Reflection.MethodInfo>()
                    .Any(m => m.GetParameters().Any(p => p.ParameterType == typeof(ClaimsPrincipal)));
            operation.Security = readsCaller ? [new OpenApiSecurityRequirement(), Requirement(document, [])] : [new OpenApiSecurityRequirement()];
        }
        else
        {
            operation.Security = roles.Select(role => Requirement(document, [role])).ToList();
            AddProblem(operation, StatusCodes.Status401Unauthorized, "No valid bearer token.");
            AddProblem(operation, StatusCodes.Status403Forbidden, $"The token's role is not allowed here (needs: {string.Join(" or ", roles)}).");
        }

        // The response language: ?lang= (else Accept-Language, else French) on every operation that answers texts.
        var parameters = operation.Parameters ??= [];
        var method = metadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault();
        if (method?.GetParameters().Any(p => p.ParameterType == typeof(Lang)) == true && !parameters.Any(p => p.Name == "lang"))
        {
            parameters.Add(new OpenApiParameter
            {
                Name = "lang",
                In = ParameterLocation.Query,
                Description = "The language of the answer and of its errors: `fr` or `en` (else Accept-Language, else French).",
                Schema = LanguageSchema(document),
            });
        }

        // Every operation refuses an invalid ?lang=; most also check parameters or a body.
        AddProblem(operation, StatusCodes.Status400BadRequest, "A parameter or the body is invalid (`errors` names each one), or `?lang=` is neither fr nor en.");

        if (parameters.Any(p => p.In == ParameterLocation.Path))
        {
            AddProblem(operation, StatusCodes.Status404NotFound, "Nothing is found at this address.");
        }

        if (operation.RequestBody is not null)
        {
            AddProblem(operation, StatusCodes.Status413PayloadTooLarge, "The body is larger than this operation accepts.");
            AddProblem(operation, StatusCodes.Status415UnsupportedMediaType, "The body's content type is not one this operation accepts.");
        }

        // Every error the service answers is a problem document, whatever the endpoint's metadata declared.
        foreach (var (status, response) in operation.Responses)
        {
            if (status.Length == 3 && status[0] is '4' or '5' && response is OpenApiResponse concrete)
            {
                concrete.Content ??= new Dictionary<string, OpenApiMediaType>();
                if (!concrete.Content.ContainsKey(ProblemMediaType))
                {
                    concrete.Content.Clear();
                    concrete.Content[ProblemMediaType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, document) };
                }
            }
        }
    }

    /// <summary>The roles one of which the operation needs, or null when it is anonymous.</summary>
    private static string[]? RequiredRoles(IList<object> metadata)
    {
        var policies = metadata.OfType<IAuthorizeData>().ToList();
        if (policies.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
        {
            return null;
        }

        // Policies add up: a Secretariat-only endpoint inside a partner-or-secretariat group needs the Secretariat.
        if (policies.Any(p => p.Policy == PlatformPolicies.Secretariat || p.Roles == PlatformRoles.Secretariat))
        {
            return [PlatformRoles.Secretariat];
        }

        return policies.Any(p => p.Policy == PlatformPolicies.PartnerOrSecretariat)
            ? [PlatformRoles.Partner, PlatformRoles.Secretariat]
            : [];
    }

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document, List<string> roles)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        if (!document.Components.SecuritySchemes.ContainsKey(BearerScheme))
        {
            document.AddComponent<IOpenApiSecurityScheme>(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT access token: `Authorization: Bearer <token>`. Roles are the token's `role` claim "
                    + "(`secretariat`, `partner` with a `partner_id` claim); each operation's requirement lists the roles it accepts. "
                    + "Production tokens come from the OpenID Connect provider; in Development `POST /api/auth/dev-token` issues one.",
            });
        }

        return new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = roles };
    }

    private static void AddProblem(OpenApiOperation operation, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.Responses!.ContainsKey(key))
        {
            operation.Responses[key] = new OpenApiResponse { Description = description };
        }
    }

    /// <summary>
    /// Strings are read by the platform's NUL-refusing converter, which hides their type from the schema generator
    /// (an empty schema: <c>unknown</c> in TypeScript, <c>object</c> in C#): they are typed <c>string</c> again,
    /// nullable where the property is annotated so. Numbers the web defaults also read from strings are documented as
    /// the numbers clients should send.
    /// </summary>
    private static void TypeStrings(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        if (context.JsonTypeInfo.Type == typeof(string) && schema.Type is null && schema.AnyOf is not { Count: > 0 } && schema.OneOf is not { Count: > 0 })
        {
            schema.Type = context.JsonPropertyInfo is { IsGetNullable: true } ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        }
        else if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
    }

    private static OpenApiSchemaReference LanguageSchema(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(LangSchema))
        {
            document.AddComponent<IOpenApiSchema>(LangSchema, new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "A language of the platform: `fr` or `en`.",
                Enum = [JsonValue.Create("fr"), JsonValue.Create("en")],
            });
        }

        return new OpenApiSchemaReference(LangSchema, document);
    }

    /// <summary>The RFC 9457 problem document every error is, with the platform's <c>traceId</c> and optional <c>errors</c>.</summary>
    private static void EnsureProblemSchema(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (document.Components.Schemas.ContainsKey(ProblemSchema))
        {
            return;
        }

        static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = description };
        document.AddComponent<IOpenApiSchema>(ProblemSchema, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem document; `title` and `detail` are in the request's language (fr or en).",
            Examples = [JsonNode.Parse("""
                {"type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "The request has validation errors.",
                 "status": 400, "instance": "/api/publications", "traceId": "4bf92f3577b34da6a3ce929d0e0e4736",
                 "errors": {"year": ["The value of this parameter is not valid: a whole number expected."]}}
                """)!],
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = Text("A URI reference identifying the problem type."),
                ["title"] = Text("A short summary of the problem, in the request's language."),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32", Description = "The HTTP status code." },
                ["detail"] = Text("What went wrong for this request, in the request's language."),
                ["instance"] = Text("The request's path."),
                ["traceId"] = Text("The W3C trace id of the request, to quote to the Secretariat."),
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "For validation problems: each invalid field or parameter and its messages.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
        });
    }
}

/// <summary>Endpoint metadata the conventions cannot guess.</summary>
public static class OpenApiEndpointMetadata
{
    /// <summary>The file types a download may be (the publications' PDF, DOCX, XLSX, or any other as octet-stream).</summary>
    private static readonly string[] FileTypes =
    [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/octet-stream",
    ];

    /// <summary>A file download with Range and ETag: 200 the file, 206 a range of it, 304 not modified, 416 a range outside it.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder) => builder
        .Produces<Stream>(StatusCodes.Status200OK, FileTypes[0], FileTypes[1..])
        .Produces<Stream>(StatusCodes.Status206PartialContent, FileTypes[0], FileTypes[1..])
        .Produces(StatusCodes.Status304NotModified)
        .ProducesProblem(StatusCodes.Status416RangeNotSatisfiable);
}
