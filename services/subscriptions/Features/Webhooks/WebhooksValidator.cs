using System.Globalization;
using System.Text.RegularExpressions;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>An endpoint registration's clean values.</summary>
public sealed record ValidWebhook(string Url, string? Description, List<string> EventTypes, string? PartnerCode);

/// <summary>The webhooks' input rules (the target check resolves DNS, last, once everything else is valid).</summary>
public static partial class WebhooksValidator
{
    private const int MaxEventTypes = 50;

    public static async Task<ValidWebhook?> ValidateAsync(
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
        else if (request.Url.Any(char.IsControl))
        {
            // Uri would escape them (%01) or drop them (tab, line feeds) and the address stored would not be the one given.
            errors.Add("url", "L'URL contient un caractère de contrôle.", "The URL contains a control character.");
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

        return errors.IsEmpty ? new ValidWebhook(url!.AbsoluteUri, description, eventTypes, partnerCode) : null;
    }

    /// <summary>The list's paging and partner code filter.</summary>
    public static (int Page, int PageSize) Validate(ListWebhooksRequest request, ValidationErrors errors)
    {
        var paging = Paging.Validate(request.Page, request.PageSize, errors);
        if (request.PartnerCode is not null && !PartnerCodePattern().IsMatch(request.PartnerCode))
        {
            errors.Add("partnerCode", "Code de partenaire invalide (ex. MA, ECOWAS).", "Invalid partner code (e.g. MA, ECOWAS).");
        }

        return paging;
    }

    /// <summary>The deliveries' paging and status filter (null: every status).</summary>
    public static (int Page, int PageSize, DeliveryStatus? Status) Validate(ListDeliveriesRequest request, ValidationErrors errors)
    {
        var (page, size) = Paging.Validate(request.Page, request.PageSize, errors);
        DeliveryStatus? wanted = request.Status switch
        {
            null => null,
            "pending" => DeliveryStatus.Pending,
            "succeeded" => DeliveryStatus.Succeeded,
            "failed" => DeliveryStatus.Failed,
            _ => Fail(errors.Add("status", "Le statut est pending, succeeded ou failed.", "The status is pending, succeeded or failed.")),
        };
        return (page, size, wanted);
    }

    /// <summary>The recovery's start: an ISO 8601 date, not in the future.</summary>
    public static DateTimeOffset Validate(RecoverRequest request, DateTimeOffset now, ValidationErrors errors)
    {
        DateTimeOffset from = default;
        if (string.IsNullOrWhiteSpace(request.Since))
        {
            errors.Add("since", "Indiquez depuis quand (date ISO 8601, ex. 2026-01-31T00:00:00Z).", "Say since when (an ISO 8601 date, e.g. 2026-01-31T00:00:00Z).");
        }
        else if (!DateTimeOffset.TryParse(request.Since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out from))
        {
            errors.Add("since", "Date invalide (ISO 8601 attendu, ex. 2026-01-31T00:00:00Z).", "Invalid date (ISO 8601 expected, e.g. 2026-01-31T00:00:00Z).");
        }
        else if (from > now)
        {
            errors.Add("since", "La date est dans le futur.", "The date is in the future.");
        }

        return from;
    }

    /// <summary>An unknown status: the error is already added; no filter.</summary>
    private static DeliveryStatus? Fail(ValidationErrors _) => null;

    [GeneratedRegex("^[A-Z][A-Z0-9]{1,19}$")]
    private static partial Regex PartnerCodePattern();
}
