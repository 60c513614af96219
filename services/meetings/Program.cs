using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features;
using RabatPlatform.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<MeetingsDbContext>(ResourceNames.MeetingsDb);
builder.AddServiceMessaging(ResourceNames.Meetings, bus => bus.AddMeetingsConsumers());
builder.Services.AddMeetingsFeatures();

var app = builder.Build();
app.UsePlatformProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapServiceOpenApi();
app.MapGroup("/api").MapMeetingsFeatures();

await app.RunOrMigrateAsync<MeetingsDbContext>(args);
