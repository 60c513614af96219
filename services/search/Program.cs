using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;
using RabatPlatform.Search.Data;
using RabatPlatform.Search.Features.Indexing;
using RabatPlatform.Search.Features.Query;
using RabatPlatform.Search.Features.Rebuild;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<SearchDbContext>(ResourceNames.SearchDb);
builder.AddServiceMessaging(ResourceNames.Search, typeof(Program).Assembly);
builder.AddIndexing();
builder.AddQuery();
builder.AddRebuild();

var app = builder.Build();
app.UseServiceDefaults();
app.MapQuery();
app.MapRebuild();

await app.RunOrMigrateAsync<SearchDbContext>(args);
