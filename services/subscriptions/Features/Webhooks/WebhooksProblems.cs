using Microsoft.AspNetCore.Http.HttpResults;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>The webhooks' bilingual problems.</summary>
public static class WebhooksProblems
{
    public static ProblemHttpResult NotFound(Lang lang, Guid id) => Problems.NotFound(lang,
        ("Point de terminaison introuvable", "Webhook endpoint not found"),
        ($"Aucun point de terminaison webhook « {id} ».", $"No webhook endpoint '{id}'."));

    public static ProblemHttpResult DeliveryNotFound(Lang lang, Guid deliveryId) => Problems.NotFound(lang,
        ("Livraison introuvable", "Delivery not found"),
        ($"Aucune livraison « {deliveryId} » pour ce point de terminaison.", $"No delivery '{deliveryId}' for this endpoint."));

    public static ProblemHttpResult Disabled(Lang lang) => Problems.Conflict(lang,
        ("Point de terminaison désactivé", "Endpoint disabled"),
        ("Réactivez-le d'abord (PUT avec \"enabled\": true).", "Enable it first (PUT with \"enabled\": true)."));

    public static ProblemHttpResult DeliveryInProgress(Lang lang) => Problems.Conflict(lang,
        ("Livraison en cours", "Delivery in progress"),
        ("Cette livraison est déjà programmée.", "This delivery is already scheduled."));
}
