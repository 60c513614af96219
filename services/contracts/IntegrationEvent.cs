using System.Reflection;

namespace RabatPlatform.Contracts;

/// <summary>Every event carries its own id (also the message id on the broker) and the time it happened.</summary>
public interface IIntegrationEvent
{
    Guid EventId { get; }
    DateTimeOffset OccurredAt { get; }
}

/// <summary>
/// The public, past-tense name of an event (<c>news.published</c>): the RabbitMQ exchange it is
/// published to, the CloudEvents type suffix of webhooks, and the outbox's type column.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>The catalogue of event types defined in this assembly.</summary>
public static class EventTypes
{
    private static readonly Dictionary<string, Type> ByName = typeof(EventTypes).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<EventTypeAttribute>() is not null)
        .ToDictionary(t => t.GetCustomAttribute<EventTypeAttribute>()!.Name, StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, Type> All => ByName;

    public static string NameOf(Type type) =>
        type.GetCustomAttribute<EventTypeAttribute>()?.Name
        ?? throw new ArgumentException($"{type.FullName} has no [EventType] attribute.", nameof(type));

    public static string NameOf<T>() where T : IIntegrationEvent => NameOf(typeof(T));

    public static Type? Find(string name) => ByName.GetValueOrDefault(name);
}

/// <summary>The platform's two languages; French is the default.</summary>
public static class Languages
{
    public const string French = "fr";
    public const string English = "en";
    public const string Default = French;
    public static readonly IReadOnlyList<string> All = [French, English];

    public static bool IsSupported(string? language) => language is French or English;

    public static string Other(string language) => language == French ? English : French;
}
