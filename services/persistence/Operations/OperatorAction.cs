namespace RabatPlatform.Persistence.Operations;

/// <summary>
/// What an operator did to a service's data by hand (a re-drive of failed messages…): when, who, what, with
/// what result — kept in the service's own database (<c>operator_actions</c>) beside what it changed.
/// </summary>
public sealed class OperatorAction(Guid id, DateTimeOffset at, string action, string @operator, string details)
{
    public Guid Id { get; private set; } = id;

    public DateTimeOffset At { get; private set; } = at;

    /// <summary>The command, e.g. <c>redrive</c>.</summary>
    public string Action { get; private set; } = action;

    /// <summary>Who ran it: the operating-system user of the command (and host).</summary>
    public string Operator { get; private set; } = @operator;

    /// <summary>What it did, as JSON (rows requeued, messages moved per queue).</summary>
    public string Details { get; private set; } = details;
}
