namespace RabatPlatform.Persistence.Inbox;

/// <summary>A message a consumer has processed: its key makes a redelivery a no-op.</summary>
public sealed class InboxMessage(Guid messageId, string consumer, DateTimeOffset processedAt)
{
    public Guid MessageId { get; private set; } = messageId;

    public string Consumer { get; private set; } = consumer;

    public DateTimeOffset ProcessedAt { get; private set; } = processedAt;
}
