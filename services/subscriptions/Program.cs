using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Messaging;
using RabatPlatform.Subscriptions.Features.Newsletter;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<SubscriptionsDbContext>(ResourceNames.SubscriptionsDb);
builder.AddServiceMessaging(ResourceNames.Subscriptions, bus => bus.AddNewsletterConsumers());
builder.Services.AddNewsletter();

var app = builder.Build();
app.UsePlatformProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapServiceOpenApi();
app.MapGroup("/api/subscriptions").MapNewsletterApi();

await app.RunOrMigrateAsync<SubscriptionsDbContext>(args);
