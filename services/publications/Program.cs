using RabatPlatform.Contracts;
using RabatPlatform.Publications.Data;
using RabatPlatform.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<PublicationsDbContext>(ResourceNames.PublicationsDb);
builder.AddServiceMessaging(ResourceNames.Publications);

var app = builder.Build();
app.UsePlatformProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapServiceOpenApi();

await app.RunOrMigrateAsync<PublicationsDbContext>(args);
