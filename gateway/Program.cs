using RabatPlatform.Contracts;
using RabatPlatform.Gateway.Features.ApiReference;
using RabatPlatform.Gateway.Features.Caching;
using RabatPlatform.Gateway.Features.DevTokens;
using RabatPlatform.Gateway.Features.Health;
using RabatPlatform.Gateway.Features.Policies;
using RabatPlatform.Gateway.Features.Routing;
using RabatPlatform.Gateway.Features.SharedState;
using RabatPlatform.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceRoutes();
builder.AddServiceHealthChecks();
builder.AddGatewaySharedState(); // Redis, when ConnectionStrings:redis is set: one cache and one set of rate limits for every replica
builder.AddGatewayPolicies();
builder.AddPublicReadCache();
builder.AddDevTokens();
builder.AddApiReference();
// Cache eviction: with Redis, one durable queue the replicas share (one eviction per event); without, each
// instance evicts its own cache from a temporary queue of its own.
var sharedCache = GatewaySharedState.IsConfigured(builder.Configuration);
builder.AddServiceMessaging(ResourceNames.Gateway, bus => bus.AddCacheEviction(shared: sharedCache));

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
