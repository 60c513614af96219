using RabatPlatform.Content.Data;
using RabatPlatform.Content.Features.Alignment;
using RabatPlatform.Content.Features.Chairmanships;
using RabatPlatform.Content.Features.Editorial;
using RabatPlatform.Content.Features.Frameworks;
using RabatPlatform.Content.Features.Partners;
using RabatPlatform.Content.Features.Projects;
using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<ContentDbContext>(ResourceNames.ContentDb);
builder.AddServiceMessaging(ResourceNames.Content, typeof(Program).Assembly);
builder.AddEditorial();
builder.AddPartners();
builder.AddChairmanships();
builder.AddFrameworks();
builder.AddAlignment();
builder.AddProjects();

var app = builder.Build();
app.UseServiceDefaults();
app.MapEditorial();
app.MapPartners();
app.MapChairmanships();
app.MapFrameworks();
app.MapAlignment();
app.MapProjects();

await app.RunOrMigrateAsync<ContentDbContext>(args);
