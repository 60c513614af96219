using RabatPlatform.Contracts;
using RabatPlatform.Gateway.Features.ApiReference;
using RabatPlatform.Gateway.Features.Caching;
using RabatPlatform.Gateway.Features.DevTokens;
using RabatPlatform.Gateway.Features.Health;
using RabatPlatform.Gateway.Features.Policies;
using RabatPlatform.Gateway.Features.Routing;
using RabatPlatform.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceRoutes();
builder.AddServiceHealthChecks();
builder.AddGatewayPolicies();
builder.AddPublicReadCache();
builder.AddDevTokens();
builder.AddApiReference();
// Each gateway instance evicts its own cache: a temporary queue of its own, bound to the events.
builder.AddServiceMessaging(ResourceNames.Gateway, bus => bus.AddCacheEviction());

var app = builder.Build();
app.UseForwardedHeaders();
app.UsePlatformProblemDetails();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseGatewayHeaders();
app.UseHttpLogging();
app.UseResponseCompression();
app.UseCors(GatewayPolicies.CorsPolicy); // before routing: preflights never reach a route
app.UseRouting();
app.UseRequestBodyLimits();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseOutputCache();
app.MapDefaultEndpoints();
app.MapDevTokens();
app.MapApiReference();
app.MapReverseProxy();

app.Run();
