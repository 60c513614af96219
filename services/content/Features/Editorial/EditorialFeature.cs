namespace RabatPlatform.Content.Features.Editorial;

public static class EditorialFeature
{
    /// <summary>News and pages: options (section <c>Content</c>), HTML rendering, preview tokens, the scheduler.</summary>
    public static IServiceCollection AddEditorial(this IServiceCollection services)
    {
        services.AddOptions<EditorialOptions>().BindConfiguration(EditorialOptions.Section)
            .Validate(o => o.Scheduler.Interval > TimeSpan.Zero, "Content:Scheduler:Interval must be positive.")
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), "Content:PublicBaseUrl must be an absolute URL.")
            .Validate<IHostEnvironment>(
                (o, environment) => environment.IsDevelopment() || o.Preview.Key is { Length: >= 32 },
                "Content:Preview:Key (at least 32 characters) is required outside Development.")
            .ValidateOnStart();
        services.AddSingleton<EditorialHtml>();
        services.AddSingleton<PreviewTokens>();
        services.AddHostedService<EditorialScheduler>();
        return services;
    }
}
