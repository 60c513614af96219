using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Contracts;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>
/// Webhook endpoints under <c>/api/subscriptions/webhooks</c> (Secretariat) and the public catalogue
/// <c>/api/subscriptions/event-types</c>.
/// </summary>
public static partial class WebhooksEndpoints
{
    private const int MaxEventTypes = 50;

    internal static Results<Ok<EventTypeList>, ValidationProblem> ListEventTypes(HttpContext http)
    {
        var language = RequestLanguage.Resolve(http);
        if (RequestLanguage.CheckQuery(http, new ValidationErrors(language)) is { IsEmpty: false } bad)
        {
            return bad.ToProblem();
        }

        return TypedResults.Ok(new EventTypeList(WebhookCatalogue.Types
            .Select(t => new EventTypeView(
                t.Key, WebhookCatalogue.CloudEventsType(t.Key), WebhookCatalogue.Family(t.Key),
                WebhookCatalogue.Describe(t.Key, language), WebhookCatalogue.Schema(t.Value)))
            .ToList()));
    }

    internal static async Task<Results<Created<WebhookCreatedView>, ValidationProblem>> CreateAsync(
        HttpContext http, WebhookWriteRequest? request, SubscriptionsDbContext db, WebhookTargetPolicy policy, TimeProvider time,
        WebhookSecretProtector secrets, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors(RequestLanguage.Resolve(http));
        var valid = await ValidateAsync(request, errors, policy, cancellationToken);
        if (valid is null)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow();
        var (endpoint, secret) = WebhookEndpoint.Create(valid.Url, valid.Description, valid.EventTypes, valid.PartnerCode, now, secrets);
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/subscriptions/webhooks/{endpoint.Id}", new WebhookCreatedView(WebhookView.From(endpoint, now), secret));
    }

    internal static async Task<Results<Ok<PagedList<WebhookView>>, ValidationProblem>> ListAsync(
        HttpContext http, SubscriptionsDbContext db, TimeProvider time, int? page, int? pageSize, string? partnerCode,
        CancellationToken cancellationToken)
    {
        var errors = RequestLanguage.CheckQuery(http, new ValidationErrors(RequestLanguage.Resolve(http)));
        var (p, size) = Paging.Validate(page, pageSize, errors);
        if (partnerCode is not null && !PartnerCodePattern().IsMatch(partnerCode))
        {
            errors.Add("partnerCode", "Code de partenaire invalide (ex. MA, ECOWAS).", "Invalid partner code (e.g. MA, ECOWAS).");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var query = db.WebhookEndpoints.AsNoTracking();
        if (partnerCode is not null)
        {
            query = query.Where(e => e.PartnerCode == partnerCode);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Skip((p - 1) * size).Take(size).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new PagedList<WebhookView>(items.Select(e => WebhookView.From(e, now)).ToList(), p, size, total));
    }

    internal static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> GetAsync(
        HttpContext http, Guid id, SubscriptionsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        return endpoint is null ? NotFound(http, id) : TypedResults.Ok(WebhookView.From(endpoint, time.GetUtcNow()));
    }

    internal static async Task<Results<Ok<WebhookView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        HttpContext http, Guid id, WebhookWriteRequest? request, SubscriptionsDbContext db, WebhookTargetPolicy policy, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors(RequestLanguage.Resolve(http));
        var valid = await ValidateAsync(request, errors, policy, cancellationToken);
        if (valid is null)
        {
            return errors.ToProblem();
        }

        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return NotFound(http, id);
        }

        var now = time.GetUtcNow();
        endpoint.Update(valid.Url, valid.Description, valid.EventTypes, valid.PartnerCode, request!.Enabled, now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(WebhookView.From(endpoint, now));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        HttpContext http, Guid id, SubscriptionsDbContext db, CancellationToken cancellationToken)
    {
        // Its deliveries and their log go with it (cascade).
        var deleted = await db.WebhookEndpoints.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? NotFound(http, id) : TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<SecretView>, ProblemHttpResult>> RotateSecretAsync(
        HttpContext http, Guid id, SubscriptionsDbContext db, TimeProvider time, IOptions<WebhookOptions> options,
        WebhookSecretProtector secrets, CancellationToken cancellationToken)
    {
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return NotFound(http, id);
        }

        var now = time.GetUtcNow();
        var secret = endpoint.RotateSecret(now, now + options.Value.SecretRotationOverlap, secrets);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new SecretView(secret, endpoint.PreviousSecretExpiresAt));
    }

    internal static async Task<Results<Ok<PagedList<DeliveryView>>, ValidationProblem, ProblemHttpResult>> ListDeliveriesAsync(
        HttpContext http, Guid id, SubscriptionsDbContext db, string? status, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = RequestLanguage.CheckQuery(http, new ValidationErrors(RequestLanguage.Resolve(http)));
        var (p, size) = Paging.Validate(page, pageSize, errors);
        DeliveryStatus? wanted = status switch
        {
            null => null,
            "pending" => DeliveryStatus.Pending,
            "succeeded" => DeliveryStatus.Succeeded,
            "failed" => DeliveryStatus.Failed,
            _ => Fail(errors.Add("status", "Le statut est pending, succeeded ou failed.", "The status is pending, succeeded or failed.")),
        };
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == id, cancellationToken))
        {
            return NotFound(http, id);
        }

        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == id);
        if (wanted is { } s)
        {
            query = query.Where(d => d.Status == s);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.Include(d => d.AttemptLog)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip((p - 1) * size).Take(size)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<DeliveryView>(items.Select(DeliveryView.From).ToList(), p, size, total));
    }

    internal static async Task<Results<Accepted<DeliveryView>, ProblemHttpResult>> ReplayAsync(
        HttpContext http, Guid id, Guid deliveryId, SubscriptionsDbContext db, TimeProvider time, WebhookSignal signal,
        CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return NotFound(http, id);
        }

        var delivery = await db.WebhookDeliveries.Include(d => d.AttemptLog)
            .FirstOrDefaultAsync(d => d.Id == deliveryId && d.EndpointId == id, cancellationToken);
        if (delivery is null)
        {
            return Problems.NotFound(language,
                ("Livraison introuvable", "Delivery not found"),
                ($"Aucune livraison « {deliveryId} » pour ce point de terminaison.", $"No delivery '{deliveryId}' for this endpoint."));
        }

        if (!endpoint.Enabled)
        {
            return Disabled(language);
        }

        if (delivery.Status == DeliveryStatus.Pending)
        {
            return Problems.Conflict(language,
                ("Livraison en cours", "Delivery in progress"),
                ("Cette livraison est déjà programmée.", "This delivery is already scheduled."));
        }

        delivery.Requeue(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        signal.Set();
        return TypedResults.Accepted($"/api/subscriptions/webhooks/{id}/deliveries", DeliveryView.From(delivery));
    }

    internal static async Task<Results<Accepted<RecoverView>, ValidationProblem, ProblemHttpResult>> RecoverAsync(
        HttpContext http, Guid id, string? since, SubscriptionsDbContext db, TimeProvider time, WebhookSignal signal,
        CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var errors = new ValidationErrors(language);
        var now = time.GetUtcNow();
        DateTimeOffset from = default;
        if (string.IsNullOrWhiteSpace(since))
        {
            errors.Add("since", "Indiquez depuis quand (date ISO 8601, ex. 2026-01-31T00:00:00Z).", "Say since when (an ISO 8601 date, e.g. 2026-01-31T00:00:00Z).");
        }
        else if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out from))
        {
            errors.Add("since", "Date invalide (ISO 8601 attendu, ex. 2026-01-31T00:00:00Z).", "Invalid date (ISO 8601 expected, e.g. 2026-01-31T00:00:00Z).");
        }
        else if (from > now)
        {
            errors.Add("since", "La date est dans le futur.", "The date is in the future.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return NotFound(http, id);
        }

        if (!endpoint.Enabled)
        {
            return Disabled(language);
        }

        var recovered = await db.WebhookDeliveries
            .Where(d => d.EndpointId == id && d.Status == DeliveryStatus.Failed && d.CreatedAt >= from)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.LockedUntil, (DateTimeOffset?)null), cancellationToken);
        signal.Set();
        return TypedResults.Accepted($"/api/subscriptions/webhooks/{id}/deliveries", new RecoverView(from, recovered));
    }

    internal static async Task<Results<Accepted<DeliveryView>, ProblemHttpResult>> TestAsync(
        HttpContext http, Guid id, SubscriptionsDbContext db, TimeProvider time, WebhookSignal signal, IOptions<WebhookOptions> options,
        CancellationToken cancellationToken)
    {
        var language = RequestLanguage.Resolve(http);
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return NotFound(http, id);
        }

        if (!endpoint.Enabled)
        {
            return Disabled(language);
        }

        var now = time.GetUtcNow();
        var test = new WebhookTest(Guid.CreateVersion7(now), now, id, "Test delivery from the Rabat Process platform.");
        var delivery = WebhookDelivery.Create(id, test.EventId, EventTypes.NameOf<WebhookTest>(), WebhookMessage.Body(test, options.Value.Source), now);
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        signal.Set();
        return TypedResults.Accepted($"/api/subscriptions/webhooks/{id}/deliveries", DeliveryView.From(delivery));
    }

    private sealed record ValidRequest(string Url, string? Description, List<string> EventTypes, string? PartnerCode);

    private static async Task<ValidRequest?> ValidateAsync(
        WebhookWriteRequest? request, ValidationErrors errors, WebhookTargetPolicy policy, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            errors.Add("body", "Le corps de la requête est requis.", "The request body is required.");
            return null;
        }

        Uri? url = null;
        if (string.IsNullOrWhiteSpace(request.Url))
        {
            errors.Add("url", "L'URL est requise.", "The URL is required.");
        }
        else if (request.Url.Length > 2048)
        {
            errors.Add("url", "L'URL dépasse 2048 caractères.", "The URL is longer than 2048 characters.");
        }
        else if (!Uri.TryCreate(request.Url.Trim(), UriKind.Absolute, out url) || string.IsNullOrEmpty(url.Host))
        {
            errors.Add("url", "L'URL n'est pas une adresse absolue valide.", "The URL is not a valid absolute address.");
            url = null;
        }
        else if (policy.CheckForm(url) is { } formError)
        {
            errors.Add("url", formError.Fr, formError.En);
            url = null;
        }

        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        if (description is { Length: > 500 })
        {
            errors.Add("description", "La description dépasse 500 caractères.", "The description is longer than 500 characters.");
        }

        var eventTypes = new List<string>();
        if (request.EventTypes is null || request.EventTypes.Count == 0)
        {
            errors.Add("eventTypes", "Choisissez au moins un type d'événement (voir /api/subscriptions/event-types).",
                "Choose at least one event type (see /api/subscriptions/event-types).");
        }
        else if (request.EventTypes.Count > MaxEventTypes)
        {
            errors.Add("eventTypes", $"Au plus {MaxEventTypes} types d'événements.", $"At most {MaxEventTypes} event types.");
        }
        else
        {
            foreach (var type in request.EventTypes)
            {
                if (type is null || !WebhookCatalogue.Contains(type))
                {
                    errors.Add("eventTypes", $"Type d'événement inconnu : « {type} » (voir /api/subscriptions/event-types).",
                        $"Unknown event type: '{type}' (see /api/subscriptions/event-types).");
                }
                else if (!eventTypes.Contains(type))
                {
                    eventTypes.Add(type);
                }
            }
        }

        var partnerCode = string.IsNullOrWhiteSpace(request.PartnerCode) ? null : request.PartnerCode.Trim();
        if (partnerCode is not null && !PartnerCodePattern().IsMatch(partnerCode))
        {
            errors.Add("partnerCode", "Code de partenaire invalide : ISO 3166-1 alpha-2 en majuscules (MA) ou sigle en majuscules (ECOWAS).",
                "Invalid partner code: upper-case ISO 3166-1 alpha-2 (MA) or upper-case short name (ECOWAS).");
        }

        // The address check resolves DNS: only once everything else is valid.
        if (url is not null && errors.IsEmpty && await policy.CheckTargetAsync(url, cancellationToken) is { } targetError)
        {
            errors.Add("url", targetError.Fr, targetError.En);
        }

        return errors.IsEmpty ? new ValidRequest(url!.AbsoluteUri, description, eventTypes, partnerCode) : null;
    }

    /// <summary>An unknown status: the error is already added; no filter.</summary>
    private static DeliveryStatus? Fail(ValidationErrors _) => null;

    private static ProblemHttpResult NotFound(HttpContext http, Guid id) => Problems.NotFound(RequestLanguage.Resolve(http),
        ("Point de terminaison introuvable", "Webhook endpoint not found"),
        ($"Aucun point de terminaison webhook « {id} ».", $"No webhook endpoint '{id}'."));

    private static ProblemHttpResult Disabled(string language) => Problems.Conflict(language,
        ("Point de terminaison désactivé", "Endpoint disabled"),
        ("Réactivez-le d'abord (PUT avec \"enabled\": true).", "Enable it first (PUT with \"enabled\": true)."));

    [GeneratedRegex("^[A-Z][A-Z0-9]{1,19}$")]
    private static partial Regex PartnerCodePattern();
}
