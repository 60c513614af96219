using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<MeetingsDbContext>(ResourceNames.MeetingsDb);
builder.AddServiceMessaging(ResourceNames.Meetings);

var app = builder.Build();
app.UsePlatformProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapServiceOpenApi();

await app.RunOrMigrateAsync<MeetingsDbContext>(args);
