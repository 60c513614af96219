using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using RabatPlatform.Contracts;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

/// <summary>
/// The event types partners may subscribe to: the public families of the contracts (news, page,
/// project, partner, chairmanship, meeting, publication) and <c>webhook.test</c>. Registration events
/// (personal data), search's technical events and internal ones are not offered.
/// </summary>
public static class WebhookCatalogue
{
    public const string CloudEventsTypePrefix = "org.rabatprocess.";

    private static readonly HashSet<string> PublicFamilies = ["news", "page", "project", "partner", "chairmanship", "meeting", "publication"];

    private static readonly Dictionary<string, (string Fr, string En)> Descriptions = new(StringComparer.Ordinal)
    {
        ["news.published"] = ("Une actualité a été publiée.", "A news item was published."),
        ["news.updated"] = ("Une actualité publiée a été modifiée.", "A published news item was edited."),
        ["news.unpublished"] = ("Une actualité a été retirée du site.", "A news item was taken off the site."),
        ["page.published"] = ("Une page a été publiée.", "A page was published."),
        ["page.updated"] = ("Une page publiée a été modifiée.", "A published page was edited."),
        ["page.unpublished"] = ("Une page a été retirée du site.", "A page was taken off the site."),
        ["project.published"] = ("Un projet d'assistance technique a été publié ou modifié.", "A technical assistance project was published or edited."),
        ["project.removed"] = ("Un projet a été retiré de l'inventaire.", "A project was removed from the inventory."),
        ["partner.registered"] = ("Un nouveau partenaire ou observateur du dialogue.", "A new partner or observer of the dialogue."),
        ["partner.updated"] = ("Les données d'un partenaire ont changé.", "A partner's data changed."),
        ["chairmanship.changed"] = ("La présidence du dialogue a changé.", "The chairmanship of the dialogue changed."),
        ["meeting.announced"] = ("Une réunion a été annoncée.", "A meeting was announced."),
        ["meeting.updated"] = ("Une réunion annoncée a été modifiée.", "An announced meeting was changed."),
        ["meeting.cancelled"] = ("Une réunion a été annulée.", "A meeting was cancelled."),
        ["meeting.registration_opened"] = ("Les inscriptions à une réunion sont ouvertes.", "Registration for a meeting opened."),
        ["meeting.registration_deadline_approaching"] = ("La date limite d'inscription à une réunion approche.", "A meeting's registration deadline is near."),
        ["publication.published"] = ("Une publication a été publiée.", "A publication was published."),
        ["publication.updated"] = ("Une publication a été modifiée.", "A publication was edited."),
        ["publication.withdrawn"] = ("Une publication a été retirée.", "A publication was withdrawn."),
        ["publication.file_added"] = ("Un nouveau fichier (ou une nouvelle version) d'une publication.", "A new file (or file version) of a publication."),
        ["webhook.test"] = ("Un test envoyé à la demande à un seul point de terminaison.", "A test sent on request to one endpoint."),
    };

    private static readonly JsonSerializerOptions SchemaJson = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    /// <summary>Catalogue name → event record type, in name order.</summary>
    public static IReadOnlyDictionary<string, Type> Types { get; } = EventTypes.All
        .Where(t => IsOffered(t.Key))
        .OrderBy(t => t.Key, StringComparer.Ordinal)
        .ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

    /// <summary>The types delivered by fan-out from the broker (<c>webhook.test</c> is sent on request).</summary>
    public static IEnumerable<Type> FannedOut =>
        Types.Where(t => t.Key != EventTypes.NameOf<WebhookTest>()).Select(t => t.Value);

    public static bool IsOffered(string eventType) =>
        eventType == EventTypes.NameOf<WebhookTest>() || PublicFamilies.Contains(eventType.Split('.')[0]);

    public static bool Contains(string eventType) => Types.ContainsKey(eventType);

    public static string CloudEventsType(string eventType) => CloudEventsTypePrefix + eventType;

    public static string Describe(string eventType, string language) =>
        Descriptions.TryGetValue(eventType, out var d) ? Localized.Pick(language, d.Fr, d.En) : eventType;

    public static string Family(string eventType) => eventType.Split('.')[0];

    /// <summary>The JSON schema of an event's payload (web naming: camelCase), from its record type.</summary>
    public static JsonNode Schema(Type type)
    {
        var schema = SchemaJson.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });
        if (schema is JsonObject o)
        {
            o.Insert(0, "title", type.Name);
        }

        return schema;
    }

    /// <summary>What the event is about, as CloudEvents <c>subject</c>: <c>news/{id}</c>, <c>partner/MA</c>…</summary>
    public static string? Subject(string eventType, object message)
    {
        var family = Family(eventType);
        if (message is PartnerRegistered r)
        {
            return $"{family}/{r.Partner.Code}";
        }

        if (message is PartnerUpdated u)
        {
            return $"{family}/{u.Partner.Code}";
        }

        var id = message.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => p.PropertyType == typeof(Guid) && p.Name != nameof(IIntegrationEvent.EventId) && p.Name.EndsWith("Id", StringComparison.Ordinal));
        return id is null ? null : $"{family}/{id.GetValue(message)}";
    }
}
