using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Features.Meetings;

namespace RabatPlatform.Meetings.Features.Registrations;

/// <summary>Registration of delegates to meetings: the form, seats and waiting list, the Secretariat's moderation, the CSV export and the clockwork.</summary>
public static class RegistrationsFeature
{
    public static IHostApplicationBuilder AddRegistrations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IMeetingRegistrations, MeetingRegistrations>();
        builder.Services.AddSingleton<SeatQueue>();
        builder.Services.AddHostedService<RegistrationsJobs>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRegistrations(this IEndpointRouteBuilder app)
    {
        var meetings = app.MapGroup("/api/meetings").WithTags("Registrations");
        meetings.MapGet("/{id:guid}/registration-form", RegistrationsEndpoints.GetFormAsync);
        var registrations = meetings.MapGroup("/{id:guid}/registrations").RequireAuthorization(PlatformPolicies.PartnerOrSecretariat);
        registrations.MapPost("/", RegistrationsEndpoints.SubmitAsync).WithWriteGate();
        registrations.MapGet("/", RegistrationsEndpoints.ListAsync);
        registrations.MapGet("/{rid:guid}", RegistrationsEndpoints.GetAsync);
        registrations.MapPost("/{rid:guid}/confirm", RegistrationsEndpoints.ConfirmAsync).RequireAuthorization(PlatformPolicies.Secretariat).WithWriteGate();
        registrations.MapPost("/{rid:guid}/reject", RegistrationsEndpoints.RejectAsync).RequireAuthorization(PlatformPolicies.Secretariat).WithWriteGate();
        registrations.MapPost("/{rid:guid}/accept-offer", RegistrationsEndpoints.AcceptOfferAsync).WithWriteGate();
        registrations.MapDelete("/{rid:guid}", RegistrationsEndpoints.CancelAsync).WithWriteGate();
        meetings.MapGet("/{id:guid}/registrations.csv", RegistrationsEndpoints.ExportAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        return app;
    }
}
