using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence.Outbox;

namespace RabatPlatform.Persistence.Operations;

/// <summary>What one service's erasure of copies did: outbox rows deleted, <c>_error</c> messages dropped per queue.</summary>
public sealed record ErasureResult(Guid ErasureEventId, string Scope, Guid? MeetingId, int OutboxRowsDeleted, IReadOnlyDictionary<string, int> ErrorMessagesDropped);

/// <summary>
/// Every service's part of an erasure (<see cref="PersonErasureRequested"/>): the copies of an erased address that
/// the platform's plumbing keeps — the payloads of its sent and dead outbox rows (sent rows are kept 7 days, dead
/// ones until re-driven) and the messages of its consumers' <c>_error</c> queues — are deleted; each run is recorded
/// in <c>operator_actions</c> (action <c>erasure</c>, with counts, never an address). A <b>pending</b> row is an
/// event still to deliver: the erasure waits (a transient failure, retried) until it has been sent, then deletes it.
/// The <see cref="ErasureScopes.Meeting"/> scope reaches only copies that also name the meeting; the newsletter
/// scope none (no event or message carries a subscriber's address).
/// </summary>
public static partial class PersonalDataErasure
{
    public const string Action = "erasure";

    public static async Task<ErasureResult> EraseCopiesAsync(
        ServiceDbContext db, ConsumerEndpoints endpoints, IConfiguration configuration, PersonErasureRequested erasure, CancellationToken cancellationToken)
    {
        if (erasure.Scope == ErasureScopes.Newsletter || erasure.AddressHashes.Count == 0)
        {
            return new ErasureResult(erasure.EventId, erasure.Scope, erasure.MeetingId, 0, new Dictionary<string, int>());
        }

        var candidates = await db.OutboxMessages.FromSqlRaw(
                "SELECT * FROM outbox_messages WHERE payload::text LIKE '%@%'")
            .AsNoTracking()
            .Select(m => new { m.Id, m.Status, m.Payload })
            .ToListAsync(cancellationToken);
        var copies = candidates.Where(m => Mentions(erasure, m.Payload)).ToList();
        if (copies.Any(m => m.Status == OutboxStatus.Pending))
        {
            throw new ErasureWaitsForPendingEventsException();
        }

        var ids = copies.Select(m => m.Id).ToList();
        var deleted = ids.Count == 0 ? 0 : await db.OutboxMessages.Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);

        var broker = new Uri(MessagingExtensions.RequiredConnectionString(configuration, ResourceNames.Messaging));
        var dropped = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var queue in endpoints.Names)
        {
            if (await ErrorQueues.ScrubAsync(broker, queue, body => Mentions(erasure, Encoding.UTF8.GetString(body.Span)), cancellationToken) is > 0 and var n)
            {
                dropped[queue] = n;
            }
        }

        return new ErasureResult(erasure.EventId, erasure.Scope, erasure.MeetingId, deleted, dropped);
    }

    /// <summary>Records the run in <c>operator_actions</c> (saved with the caller's changes).</summary>
    public static void Record(ServiceDbContext db, ErasureResult result, string requestedBy, DateTimeOffset now) =>
        db.OperatorActions.Add(new OperatorAction(Guid.CreateVersion7(now), now, Action, requestedBy, JsonSerializer.Serialize(result)));

    /// <summary>
    /// Whether a JSON document (an outbox payload, a broker message) or a text mentions one of the erasure's
    /// addresses — and, for the meeting scope, its meeting too. Every string value is read unescaped.
    /// </summary>
    public static bool Mentions(PersonErasureRequested erasure, string text)
    {
        if (!text.Contains('@', StringComparison.Ordinal) && !text.Contains("\\u0040", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var strings = Strings(text).ToList();
        if (erasure is { Scope: ErasureScopes.Meeting, MeetingId: { } meetingId }
            && !strings.Any(s => s.Contains(meetingId.ToString(), StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return strings.SelectMany(s => AddressLike().Matches(s)).Any(m => erasure.Names(m.Value.TrimEnd('.')));
    }

    private static IEnumerable<string> Strings(string text)
    {
        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
        }

        if (document is null)
        {
            return [text];
        }

        using (document)
        {
            var found = new List<string>();
            Walk(document.RootElement, found);
            return found;
        }
    }

    private static void Walk(JsonElement element, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    found.Add(property.Name);
                    Walk(property.Value, found);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, found);
                }

                break;
            case JsonValueKind.String:
                found.Add(element.GetString() ?? "");
                break;
        }
    }

    [GeneratedRegex(@"[^\s""'<>(),;:\[\]\\]+@[^\s""'<>(),;:\[\]\\]+")]
    private static partial Regex AddressLike();
}

/// <summary>An erasure found a pending outbox event with the address: it is retried once the event has been sent.</summary>
public sealed class ErasureWaitsForPendingEventsException()
    : Exception("An outbox event that mentions an erased address is still pending; the erasure waits for it to be sent.");

/// <summary>Makes <see cref="ErasureWaitsForPendingEventsException"/> a wait, retried without limit, not a failure.</summary>
internal sealed class ErasureWaitsForPendingEvents : ITransientFailure
{
    public bool IsTransient(Exception exception) => exception is ErasureWaitsForPendingEventsException;
}

/// <summary>Every service's consumer of <see cref="PersonErasureRequested"/> (<c>{service}-personal-data-erasure</c>).</summary>
public sealed partial class PersonalDataErasureConsumer(
    ServiceDbContext db, ConsumerEndpoints endpoints, IConfiguration configuration, TimeProvider time, ILogger<PersonalDataErasureConsumer> logger)
    : IConsumer<PersonErasureRequested>
{
    public async Task Consume(ConsumeContext<PersonErasureRequested> context)
    {
        var erasure = context.Message;
        var result = await PersonalDataErasure.EraseCopiesAsync(db, endpoints, configuration, erasure, context.CancellationToken);
        PersonalDataErasure.Record(db, result, erasure.RequestedBy, time.GetUtcNow());
        LogErased(erasure.EventId, erasure.Scope, result.OutboxRowsDeleted, result.ErrorMessagesDropped.Values.Sum());
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Erasure {EventId} ({Scope}): {Rows} outbox row(s) and {Messages} error-queue message(s) with the address deleted")]
    private partial void LogErased(Guid eventId, string scope, int rows, int messages);
}
