using RabatPlatform.Contracts;
using RabatPlatform.Meetings.Data;
using RabatPlatform.Meetings.Features.Meetings;
using RabatPlatform.Meetings.Features.Partners;
using RabatPlatform.Meetings.Features.Registrations;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<MeetingsDbContext>(ResourceNames.MeetingsDb);
builder.AddServiceMessaging(ResourceNames.Meetings, typeof(Program).Assembly);
builder.AddMeetings();
builder.AddRegistrations();
builder.AddPartners();

var app = builder.Build();
app.UseServiceDefaults();
app.MapMeetings();
app.MapRegistrations();

await app.RunOrMigrateAsync<MeetingsDbContext>(args);
