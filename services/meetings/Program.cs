using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<MeetingsDbContext>(ResourceNames.MeetingsDb);
builder.AddServiceMessaging(ResourceNames.Meetings, typeof(Program).Assembly);
builder.Services.AddMeetingsFeatures();

var app = builder.Build();
app.UseServiceDefaults();
app.MapGroup("/api").MapMeetingsFeatures();

await app.RunOrMigrateAsync<MeetingsDbContext>(args);
