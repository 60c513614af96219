using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;
using RabatPlatform.Publications.Data;
using RabatPlatform.Publications.Features;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<PublicationsDbContext>(ResourceNames.PublicationsDb);
builder.AddServiceMessaging(ResourceNames.Publications, typeof(Program).Assembly);
builder.Services.AddPublicationsFeatures(builder.Configuration);

var app = builder.Build();
app.UseServiceDefaults();
app.MapPublications();

await app.RunOrMigrateAsync<PublicationsDbContext>(args);
