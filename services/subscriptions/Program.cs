using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;
using RabatPlatform.Subscriptions.Features.AsyncApi;
using RabatPlatform.Subscriptions.Features.Email;
using RabatPlatform.Subscriptions.Features.Newsletter;
using RabatPlatform.Subscriptions.Features.Notifications;
using RabatPlatform.Subscriptions.Features.Webhooks;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<SubscriptionsDbContext>(ResourceNames.SubscriptionsDb);
builder.AddServiceMessaging(ResourceNames.Subscriptions, typeof(Program).Assembly, bus => bus.AddWebhookConsumers());
builder.AddWebhooks();
builder.AddNewsletter();
builder.AddEmail();
builder.AddNotifications();

var app = builder.Build();
app.UseServiceDefaults();
app.MapWebhooks();
app.MapAsyncApi();
app.MapNewsletter();

await app.RunOrMigrateAsync<SubscriptionsDbContext>(args);
