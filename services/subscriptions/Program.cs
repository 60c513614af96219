using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<SubscriptionsDbContext>(ResourceNames.SubscriptionsDb);
builder.AddServiceMessaging(ResourceNames.Subscriptions);

var app = builder.Build();
app.UsePlatformProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapServiceOpenApi();

await app.RunOrMigrateAsync<SubscriptionsDbContext>(args);
