using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;
using RabatPlatform.Subscriptions.Features.AsyncApi;
using RabatPlatform.Subscriptions.Features.Webhooks;
using RabatPlatform.Subscriptions.Features.Newsletter;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<SubscriptionsDbContext>(ResourceNames.SubscriptionsDb);
builder.AddServiceMessaging(ResourceNames.Subscriptions, typeof(Program).Assembly, bus => bus.AddWebhookConsumers());
builder.Services.AddWebhooks();
builder.Services.AddNewsletter();

var app = builder.Build();
app.UseServiceDefaults();
app.MapGroup("/api/subscriptions").MapWebhooksApi().MapAsyncApi().MapNewsletterApi();

await app.RunOrMigrateAsync<SubscriptionsDbContext>(args);
