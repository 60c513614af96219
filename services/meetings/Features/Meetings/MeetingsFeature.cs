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
        meetings.MapGet("/calendar.ics", MeetingsEndpoints.CalendarOfUpcomingAsync);
        meetings.MapGet("/{id:guid}/calendar.ics", MeetingsEndpoints.CalendarAsync);
        meetings.MapGet("/{slug}", MeetingsEndpoints.GetBySlugAsync);
        meetings.MapPost("/", MeetingsEndpoints.CreateAsync).RequireAuthorization(PlatformPolicies.Secretariat);
        meetings.MapPut("/{id:guid}", MeetingsEndpoints.UpdateAsync).RequireAuthorization(PlatformPolicies.Secretariat).WithWriteGate();
        meetings.MapPost("/{id:guid}/cancel", MeetingsEndpoints.CancelAsync).RequireAuthorization(PlatformPolicies.Secretariat).WithWriteGate();
        return app;
    }
}
