using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;
using RabatPlatform.Publications.Data;
using RabatPlatform.Publications.Features.Downloads;
using RabatPlatform.Publications.Features.Feeds;
using RabatPlatform.Publications.Features.Files;
using RabatPlatform.Publications.Features.Meetings;
using RabatPlatform.Publications.Features.Publications;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<PublicationsDbContext>(ResourceNames.PublicationsDb);
builder.AddServiceMessaging(ResourceNames.Publications, typeof(Program).Assembly);
builder.AddPublications();
builder.AddMeetings();
builder.AddFiles();
builder.AddDownloads();
builder.AddFeeds();

var app = builder.Build();
app.UseServiceDefaults();
app.MapPublications();
app.MapFiles();
app.MapFeeds();

await app.RunOrMigrateAsync<PublicationsDbContext>(args);
