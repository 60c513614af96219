using RabatPlatform.Content;
using RabatPlatform.Content.Data;
using RabatPlatform.Content.Features.Editorial;
using RabatPlatform.Content.Features.News;
using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<ContentDbContext>(ResourceNames.ContentDb);
builder.AddServiceMessaging(ResourceNames.Content, typeof(Program).Assembly);
builder.Services.AddContentFeatures();
builder.Services.AddEditorial();

var app = builder.Build();
app.UseServiceDefaults();
app.MapGroup("/api/content").MapReferenceDataApi();
app.MapGroup("/api/content").MapEditorialApi();

await app.RunOrMigrateAsync<ContentDbContext>(args);
