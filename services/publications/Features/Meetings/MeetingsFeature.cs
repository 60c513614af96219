namespace RabatPlatform.Publications.Features.Meetings;

/// <summary>
/// The meetings this service has seen (<see cref="KnownMeeting"/>), kept by the meetings service's events:
/// no endpoints, no services of its own; its consumers only.
/// </summary>
public static class MeetingsFeature
{
    public static IHostApplicationBuilder AddMeetings(this IHostApplicationBuilder builder) => builder;
}
