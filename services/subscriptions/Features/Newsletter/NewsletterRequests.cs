using Microsoft.AspNetCore.Mvc;

namespace RabatPlatform.Subscriptions.Features.Newsletter;

/// <summary><c>{"email","language","topics":[…]}</c></summary>
public sealed record SubscribeRequest(string? Email, string? Language, List<string?>? Topics);

/// <summary><c>{"language","topics":[…]}</c></summary>
public sealed record PreferencesRequest(string? Language, List<string?>? Topics);

/// <summary>A link from a mail: <c>?token=…</c> (signed, purpose-bound, expiring; see <see cref="Data.NewsletterTokens"/>).</summary>
public sealed record TokenRequest([FromQuery(Name = "token")] string? Token);
