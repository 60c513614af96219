using RabatPlatform.Contracts;

namespace RabatPlatform.Meetings.Features.Meetings;

/// <summary>Meetings: the agenda, the Secretariat's edits, calendar files; the service's options and write gate.</summary>
public static class MeetingsFeature
{
    public static IHostApplicationBuilder AddMeetings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MeetingsOptions>().BindConfiguration(MeetingsOptions.Section)
            .Validate(o => o.OfferDuration > TimeSpan.Zero && o.JobInterval > TimeSpan.Zero && o.DeadlineReminderDays >= 0
                && o.PersonalDataRetention >= TimeSpan.Zero && o.MaxConcurrentWrites > 0 && o.WriteQueueTimeout > TimeSpan.Zero,
                "Meetings options must be positive.")
            .Validate(o => Uri.CheckHostName(o.CalendarUidDomain) == UriHostNameType.Dns
                && o.CalendarOrganizer.Count(c => c == '@') == 1 && !o.CalendarOrganizer.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' or ':'),
                "Meetings:CalendarUidDomain must be a domain name and Meetings:CalendarOrganizer a plain email address.")
            .ValidateOnStart();
        builder.Services.AddSingleton<WriteGate>();
        builder.Services.AddSingleton<WriteGateFilter>();
        return builder;
    }

    public static IEndpointRouteBuilder MapMeetings(this IEndpointRouteBuilder app)
    {
        var meetings = app.MapGroup("/api/meetings").WithTags("Meetings");
        meetings.MapGet("/", MeetingsEndpoints.ListAsync);
        meetings.MapGet("/calendar.ics", MeetingsEndpoints.CalendarOfUpcomingAsync).WithName("getUpcomingMeetingsCalendar")
            .WithSummary("iCalendar file of the upcoming meetings").Produces<string>(200, "text/calendar");
        meetings.MapGet("/{id:guid}/calendar.ics", MeetingsEndpoints.CalendarAsync).WithName("getMeetingCalendar")
            .WithSummary("iCalendar file of one meeting, with its registration deadline").Produces<string>(200, "text/calendar");
        // By slug for the public (/by-slug/{slug}); the older /{slug} still answers, left out of the OpenAPI document.
        meetings.MapGet("/by-slug/{slug}", MeetingsEndpoints.GetBySlugAsync);
        meetings.MapGet("/{slug}", MeetingsEndpoints.GetBySlugAsync).ExcludeFromDescription();
        meetings.MapPost("/", MeetingsEndpoints.CreateAsync).RequireAuthorization(PlatformPolicies.Secretariat)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        meetings.MapPut("/{id:guid}", MeetingsEndpoints.UpdateAsync).RequireAuthorization(PlatformPolicies.Secretariat).WithWriteGate()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        meetings.MapPost("/{id:guid}/cancel", MeetingsEndpoints.CancelAsync).RequireAuthorization(PlatformPolicies.Secretariat).WithWriteGate()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }
}
