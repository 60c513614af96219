using RabatPlatform.Gateway.Features.DevTokens;
using RabatPlatform.Gateway.Features.Health;
using RabatPlatform.Gateway.Features.Routing;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceRoutes();
builder.AddServiceHealthChecks();
builder.AddDevTokens();

var app = builder.Build();
app.UsePlatformProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapDevTokens();
app.MapReverseProxy();

app.Run();
