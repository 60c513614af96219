using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RabatPlatform.Meetings.Features.Meetings;
using RabatPlatform.Meetings.Features.Partners;
using RabatPlatform.Meetings.Features.Registrations;

namespace RabatPlatform.Meetings.Features;

/// <summary>Configuration section <c>Meetings</c>.</summary>
public sealed class MeetingsOptions
{
    public const string Section = "Meetings";

    /// <summary>How long a freed seat is offered to the first waiting delegate (<c>Meetings:OfferDuration</c>).</summary>
    public TimeSpan OfferDuration { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Days before the registration deadline when <c>meeting.registration_deadline_approaching</c> is sent.</summary>
    public int DeadlineReminderDays { get; set; } = 7;

    /// <summary>How long after a meeting ends its delegates' personal data is erased.</summary>
    public TimeSpan PersonalDataRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the background job runs (offers, window events, erasure).</summary>
    public TimeSpan JobInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Writes that lock a meeting, at once per instance (see <see cref="WriteGate"/>); keep it well below the connection pool.</summary>
    public int MaxConcurrentWrites { get; set; } = 16;

    /// <summary>How long a write waits for a slot before a 503.</summary>
    public TimeSpan WriteQueueTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Registers the meetings features (endpoints are mapped by <see cref="MapMeetingsFeatures"/>).</summary>
public static class MeetingsFeatures
{
    public static IServiceCollection AddMeetingsFeatures(this IServiceCollection services)
    {
        services.AddOptions<MeetingsOptions>().BindConfiguration(MeetingsOptions.Section)
            .Validate(o => o.OfferDuration > TimeSpan.Zero && o.JobInterval > TimeSpan.Zero && o.DeadlineReminderDays >= 0
                && o.PersonalDataRetention >= TimeSpan.Zero && o.MaxConcurrentWrites > 0 && o.WriteQueueTimeout > TimeSpan.Zero,
                "Meetings options must be positive.")
            .ValidateOnStart();
        services.AddSingleton<WriteGate>();
        services.AddSingleton<WriteGateFilter>();
        services.AddHostedService<MeetingsJobs>();
        return services;
    }

    public static void AddMeetingsConsumers(this MassTransit.IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<PartnerRegisteredConsumer>();
        bus.AddConsumer<PartnerUpdatedConsumer>();
        bus.AddConsumer<MeetingsReindexConsumer>();
    }

    public static RouteGroupBuilder MapMeetingsFeatures(this RouteGroupBuilder api) => api.MapMeetingsApi().MapRegistrationsApi();
}

/// <summary>Who calls: the Secretariat, or a partner with its delegation's code.</summary>
internal sealed record Caller(bool IsSecretariat, string? PartnerCode)
{
    public static Caller From(ClaimsPrincipal user) => new(
        user.IsInRole(PlatformRoles.Secretariat),
        user.IsInRole(PlatformRoles.Partner) ? user.FindFirstValue(PlatformRoles.PartnerIdClaim) : null);

    public bool CanSee(Registration r) => IsSecretariat || (PartnerCode is not null && r.PartnerCode == PartnerCode);
}

internal static class MeetingProblems
{
    public static ProblemHttpResult Unprocessable(string language, (string Fr, string En) title, (string Fr, string En) detail, string? field = null) =>
        Problems.Create(StatusCodes.Status422UnprocessableEntity, language, title, detail,
            field is null ? null : new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [Localized.Pick(language, detail.Fr, detail.En)] } });

    public static ProblemHttpResult MeetingNotFound(string language, string key) => Problems.NotFound(language,
        ("Réunion introuvable", "Meeting not found"),
        ($"Aucune réunion ne correspond à « {key} ».", $"No meeting matches '{key}'."));

    public static ProblemHttpResult RegistrationNotFound(string language, Guid id) => Problems.NotFound(language,
        ("Inscription introuvable", "Registration not found"),
        ($"Aucune inscription de votre délégation ne correspond à « {id} ».", $"No registration of your delegation matches '{id}'."));

    public static ProblemHttpResult Forbidden(string language, (string Fr, string En) detail) => Problems.Create(StatusCodes.Status403Forbidden, language,
        ("Accès refusé", "Forbidden"), detail);

    public static ProblemHttpResult UnknownPartners(string language, string field, IEnumerable<string> codes)
    {
        var list = string.Join(", ", codes);
        return Unprocessable(language, ("Partenaire inconnu", "Unknown partner"),
            ($"Code(s) de partenaire inconnu(s) : {list}.", $"Unknown partner code(s): {list}."), field);
    }

    public static ProblemHttpResult ConcurrentEdit(string language) => Problems.Conflict(language,
        ("Modification concurrente", "Concurrent edit"),
        ("La réunion a été modifiée entre-temps ; rechargez-la puis réessayez.", "The meeting changed meanwhile; reload it and try again."));
}
