using RabatPlatform.Publications.Features.Publications;

namespace RabatPlatform.Publications.Features.Files;

public static class FilesFeature
{
    /// <summary>The file store (<see cref="StorageOptions.Kind"/>) and the upload workflow.</summary>
    public static IHostApplicationBuilder AddFiles(this IHostApplicationBuilder builder)
    {
        var kind = builder.Configuration.GetValue($"{PublicationsOptions.Section}:Storage:Kind", StorageKind.FileSystem);
        if (kind == StorageKind.Database)
        {
            builder.Services.AddSingleton<IFileStorage, DatabaseFileStorage>();
        }
        else
        {
            builder.Services.AddSingleton<IFileStorage, LocalFileStorage>();
        }

        builder.Services.AddScoped<FilesWorkflow>();
        return builder;
    }

    /// <summary>A publication's files under <c>/api/publications</c>: the upload and the downloads.</summary>
    public static RouteGroupBuilder MapFiles(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/publications").WithTags("Publications");
        api.MapPost("/{id:guid}/files", FilesEndpoints.UploadAsync).RequireAuthorization(PlatformPolicies.Secretariat).DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data").WithName("uploadPublicationFile")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapMethods("/{slug}/files/{lang}", ["GET", "HEAD"], FilesEndpoints.DownloadLatestAsync).WithName("downloadPublicationFile")
            .WithSummary("The latest version of a publication's file in one language (Range, ETag)").ProducesFile();
        api.MapMethods("/{slug}/files/{lang}/v/{version:int}", ["GET", "HEAD"], FilesEndpoints.DownloadVersionAsync)
            .WithName("downloadPublicationFileVersion").WithSummary("One version of a publication's file in one language (Range, ETag)").ProducesFile();
        return api;
    }
}
