using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Subscriptions.Features.Newsletter;

/// <summary>The newsletter: double opt-in subscription, preferences, export and erasure under <c>/api/subscriptions/newsletter</c>.</summary>
public static class NewsletterFeature
{
    /// <summary>The service-wide <c>Subscriptions</c> section and the link tokens (used by the mails too).</summary>
    public static IHostApplicationBuilder AddNewsletter(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NewsletterOptions>().BindConfiguration(NewsletterOptions.Section)
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
                "Subscriptions:PublicBaseUrl must be an absolute http(s) URL.")
            // RFC 8058: List-Unsubscribe needs an https URI; only a local run (Development) may link to an http gateway.
            .Validate<IHostEnvironment>((o, environment) => environment.IsDevelopment()
                    || (Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var url) && url.Scheme == "https"),
                "Subscriptions:PublicBaseUrl must be an https URL outside Development (List-Unsubscribe, RFC 8058).")
            .Validate<IHostEnvironment>((o, environment) => environment.IsDevelopment() || o.TokenKey is { Length: >= 32 },
                "Subscriptions:TokenKey (at least 32 characters) is required outside Development.")
            .Validate<IHostEnvironment>((o, environment) => environment.IsDevelopment() || !string.IsNullOrEmpty(o.HashPepper),
                "Subscriptions:HashPepper is required outside Development.")
            .ValidateOnStart();
        builder.Services.AddSingleton<NewsletterTokens>();
        return builder;
    }

    public static IEndpointRouteBuilder MapNewsletter(this IEndpointRouteBuilder app)
    {
        // Public forms: the gateway limits them per client address (429 with Retry-After).
        var newsletter = app.MapGroup("/api/subscriptions/newsletter").WithTags("Newsletter").ProducesProblem(StatusCodes.Status429TooManyRequests);
        newsletter.MapPost("/", NewsletterEndpoints.SubscribeAsync).WithName("subscribeToNewsletter");
        newsletter.MapGet("/confirm", NewsletterEndpoints.ConfirmPageAsync).WithName("getNewsletterConfirmationPage")
            .WithSummary("The page a confirmation link opens: a button that confirms (link scanners follow GETs)").Produces<string>(200, "text/html");
        newsletter.MapPost("/confirm", NewsletterEndpoints.ConfirmAsync).DisableAntiforgery().WithName("confirmNewsletterSubscription")
            .Produces<string>(200, "text/html");
        newsletter.MapGet("/unsubscribe", NewsletterEndpoints.UnsubscribePageAsync).WithName("getNewsletterUnsubscribePage")
            .WithSummary("The page an unsubscribe link opens: a button that unsubscribes").Produces<string>(200, "text/html");
        newsletter.MapPost("/unsubscribe", NewsletterEndpoints.UnsubscribeAsync).DisableAntiforgery().WithName("unsubscribeFromNewsletter")
            .WithSummary("Unsubscribe (RFC 8058 one-click: any body)").Produces<string>(200, "text/html");
        newsletter.MapGet("/preferences", NewsletterEndpoints.GetPreferencesAsync).WithName("getNewsletterPreferences");
        newsletter.MapPut("/preferences", NewsletterEndpoints.PutPreferencesAsync).WithName("updateNewsletterPreferences");
        newsletter.MapGet("/export", NewsletterEndpoints.ExportAsync).WithName("exportNewsletterSubscription");
        newsletter.MapDelete("/", NewsletterEndpoints.EraseAsync).WithName("eraseNewsletterSubscription");
        newsletter.MapGet("/stats", NewsletterEndpoints.StatsAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        return app;
    }
}
