using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabatPlatform.Subscriptions.Data;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>The webhooks' handlers: the endpoints (Secretariat) and the public catalogue.</summary>
public static class WebhooksEndpoints
{
    /// <summary>The catalogue; its 400 (an invalid <c>?lang=</c>, answered before the handler) stays documented.</summary>
    internal static Results<Ok<EventTypeList>, ValidationProblem> ListEventTypes(Lang lang) => TypedResults.Ok(EventTypeList.From(lang));

    internal static async Task<Results<Created<WebhookCreatedView>, ValidationProblem>> CreateAsync(
        WebhookWriteRequest? request, SubscriptionsDbContext db, WebhookTargetPolicy policy, TimeProvider time,
        WebhookSecretProtector secrets, Lang lang, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        if (await WebhooksValidator.ValidateAsync(request, errors, policy, cancellationToken) is not { } valid)
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
        [AsParameters] ListWebhooksRequest request, SubscriptionsDbContext db, TimeProvider time, Lang lang, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        var (page, size) = WebhooksValidator.Validate(request, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var query = db.WebhookEndpoints.AsNoTracking();
        if (request.PartnerCode is { } partnerCode)
        {
            query = query.Where(e => e.PartnerCode == partnerCode);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new PagedList<WebhookView>(items.Select(e => WebhookView.From(e, now)).ToList(), page, size, total));
    }

    internal static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> GetAsync(
        [AsParameters] WebhookIdRequest request, SubscriptionsDbContext db, TimeProvider time, Lang lang, CancellationToken cancellationToken)
    {
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == request.Id, cancellationToken);
        return endpoint is null ? WebhooksProblems.NotFound(lang, request.Id) : TypedResults.Ok(WebhookView.From(endpoint, time.GetUtcNow()));
    }

    internal static async Task<Results<Ok<WebhookView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        [AsParameters] WebhookIdRequest route, WebhookWriteRequest? request, SubscriptionsDbContext db, WebhookTargetPolicy policy,
        TimeProvider time, Lang lang, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        if (await WebhooksValidator.ValidateAsync(request, errors, policy, cancellationToken) is not { } valid)
        {
            return errors.ToProblem();
        }

        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == route.Id, cancellationToken);
        if (endpoint is null)
        {
            return WebhooksProblems.NotFound(lang, route.Id);
        }

        var now = time.GetUtcNow();
        endpoint.Update(valid.Url, valid.Description, valid.EventTypes, valid.PartnerCode, request!.Enabled, now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(WebhookView.From(endpoint, now));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        [AsParameters] WebhookIdRequest request, SubscriptionsDbContext db, Lang lang, CancellationToken cancellationToken)
    {
        // Its deliveries and their log go with it (cascade).
        var deleted = await db.WebhookEndpoints.Where(e => e.Id == request.Id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? WebhooksProblems.NotFound(lang, request.Id) : TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<SecretView>, ProblemHttpResult>> RotateSecretAsync(
        [AsParameters] WebhookIdRequest request, SubscriptionsDbContext db, TimeProvider time, IOptions<WebhookOptions> options,
        WebhookSecretProtector secrets, Lang lang, CancellationToken cancellationToken)
    {
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == request.Id, cancellationToken);
        if (endpoint is null)
        {
            return WebhooksProblems.NotFound(lang, request.Id);
        }

        var now = time.GetUtcNow();
        var secret = endpoint.RotateSecret(now, now + options.Value.SecretRotationOverlap, secrets);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new SecretView(secret, endpoint.PreviousSecretExpiresAt));
    }

    internal static async Task<Results<Ok<PagedList<DeliveryView>>, ValidationProblem, ProblemHttpResult>> ListDeliveriesAsync(
        [AsParameters] ListDeliveriesRequest request, SubscriptionsDbContext db, Lang lang, CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        var (page, size, status) = WebhooksValidator.Validate(request, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == request.Id, cancellationToken))
        {
            return WebhooksProblems.NotFound(lang, request.Id);
        }

        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == request.Id);
        if (status is { } s)
        {
            query = query.Where(d => d.Status == s);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.Include(d => d.AttemptLog)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip((page - 1) * size).Take(size)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<DeliveryView>(items.Select(DeliveryView.From).ToList(), page, size, total));
    }

    internal static async Task<Results<Accepted<DeliveryView>, ProblemHttpResult>> ReplayAsync(
        [AsParameters] DeliveryRequest request, SubscriptionsDbContext db, TimeProvider time, WebhookSignal signal, Lang lang,
        CancellationToken cancellationToken)
    {
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == request.Id, cancellationToken);
        if (endpoint is null)
        {
            return WebhooksProblems.NotFound(lang, request.Id);
        }

        var delivery = await db.WebhookDeliveries.Include(d => d.AttemptLog)
            .FirstOrDefaultAsync(d => d.Id == request.DeliveryId && d.EndpointId == request.Id, cancellationToken);
        if (delivery is null)
        {
            return WebhooksProblems.DeliveryNotFound(lang, request.DeliveryId);
        }

        if (!endpoint.Enabled)
        {
            return WebhooksProblems.Disabled(lang);
        }

        if (delivery.Status == DeliveryStatus.Pending)
        {
            return WebhooksProblems.DeliveryInProgress(lang);
        }

        delivery.Requeue(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        signal.Set();
        return TypedResults.Accepted($"/api/subscriptions/webhooks/{request.Id}/deliveries", DeliveryView.From(delivery));
    }

    internal static async Task<Results<Accepted<RecoverView>, ValidationProblem, ProblemHttpResult>> RecoverAsync(
        [AsParameters] RecoverRequest request, SubscriptionsDbContext db, TimeProvider time, WebhookSignal signal, Lang lang,
        CancellationToken cancellationToken)
    {
        var errors = lang.Errors();
        var now = time.GetUtcNow();
        var from = WebhooksValidator.Validate(request, now, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == request.Id, cancellationToken);
        if (endpoint is null)
        {
            return WebhooksProblems.NotFound(lang, request.Id);
        }

        if (!endpoint.Enabled)
        {
            return WebhooksProblems.Disabled(lang);
        }

        var recovered = await WebhooksWorkflow.RecoverAsync(db, request.Id, from, now, cancellationToken);
        signal.Set();
        return TypedResults.Accepted($"/api/subscriptions/webhooks/{request.Id}/deliveries", new RecoverView(from, recovered));
    }

    internal static async Task<Results<Accepted<DeliveryView>, ProblemHttpResult>> TestAsync(
        [AsParameters] WebhookIdRequest request, SubscriptionsDbContext db, TimeProvider time, WebhookSignal signal,
        IOptions<WebhookOptions> options, Lang lang, CancellationToken cancellationToken)
    {
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == request.Id, cancellationToken);
        if (endpoint is null)
        {
            return WebhooksProblems.NotFound(lang, request.Id);
        }

        if (!endpoint.Enabled)
        {
            return WebhooksProblems.Disabled(lang);
        }

        var delivery = await WebhooksWorkflow.QueueTestAsync(db, request.Id, options.Value.Source, time.GetUtcNow(), cancellationToken);
        signal.Set();
        return TypedResults.Accepted($"/api/subscriptions/webhooks/{request.Id}/deliveries", DeliveryView.From(delivery));
    }
}
