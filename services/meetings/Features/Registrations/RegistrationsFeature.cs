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
        // No write gate: the seat line admits and times out these requests itself (SeatQueue).
        registrations.MapPost("/", RegistrationsEndpoints.SubmitAsync).WithName("createRegistration")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        registrations.MapGet("/", RegistrationsEndpoints.ListAsync).WithName("listRegistrations");
        registrations.MapGet("/{rid:guid}", RegistrationsEndpoints.GetAsync).WithName("getRegistration");
        registrations.MapPost("/{rid:guid}/confirm", RegistrationsEndpoints.ConfirmAsync).RequireAuthorization(PlatformPolicies.Secretariat).WithWriteGate()
            .WithName("confirmRegistration").ProducesProblem(StatusCodes.Status409Conflict);
        registrations.MapPost("/{rid:guid}/reject", RegistrationsEndpoints.RejectAsync).RequireAuthorization(PlatformPolicies.Secretariat).WithWriteGate()
            .WithName("rejectRegistration").ProducesProblem(StatusCodes.Status409Conflict);
        registrations.MapPost("/{rid:guid}/accept-offer", RegistrationsEndpoints.AcceptOfferAsync).WithWriteGate()
            .WithName("acceptRegistrationOffer").ProducesProblem(StatusCodes.Status409Conflict);
        registrations.MapDelete("/{rid:guid}", RegistrationsEndpoints.CancelAsync).WithWriteGate()
            .WithName("cancelRegistration").ProducesProblem(StatusCodes.Status409Conflict);
        meetings.MapGet("/{id:guid}/registrations.csv", RegistrationsEndpoints.ExportAsync).RequireAuthorization(PlatformPolicies.Secretariat)
            .WithName("exportRegistrationsCsv").WithSummary("CSV export of a meeting's registrations, with the chosen columns")
            .Produces<string>(200, "text/csv");
        meetings.MapPost("/personal-data/erasures", RegistrationsEndpoints.ErasePersonAsync).RequireAuthorization(PlatformPolicies.Secretariat)
            .WithName("requestPersonErasure").WithSummary("Erase a person's personal data (by email address) in every service");
        return app;
    }
}
