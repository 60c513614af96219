using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RabatPlatform.Subscriptions.Features.Webhooks;

public enum DeliveryStatus
{
    Pending = 0,
    Succeeded = 1,
    Failed = 2,
}

/// <summary>
/// One event to deliver to one endpoint: a row, so deliveries survive restarts. The body is built once
/// (the same bytes on every attempt); <c>webhook-id</c> is the event's id on every attempt.
/// </summary>
public sealed class WebhookDelivery
{
    public const int MaxErrorLength = 1000;

    private WebhookDelivery()
    {
    }

    public Guid Id { get; private set; }

    public Guid EndpointId { get; private set; }

    public Guid EventId { get; private set; }

    public string EventType { get; private set; } = "";

    /// <summary>The CloudEvent JSON sent as the request body.</summary>
    public string Body { get; private set; } = "";

    public DeliveryStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>A dispatcher holds the row until then while an attempt is in flight.</summary>
    public DateTimeOffset? LockedUntil { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    public int? LastStatusCode { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? SucceededAt { get; private set; }

    /// <summary>Attempts of this delivery (in its current run and after replays).</summary>
    public List<WebhookAttempt> AttemptLog { get; private set; } = [];

    public static WebhookDelivery Create(Guid endpointId, Guid eventId, string eventType, string body, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        EndpointId = endpointId,
        EventId = eventId,
        EventType = eventType,
        Body = body,
        Status = DeliveryStatus.Pending,
        CreatedAt = now,
        NextAttemptAt = now,
    };

    /// <summary>Leases the row (the dispatcher claims in SQL; tests simulate a crashed attempt with this).</summary>
    public void Lock(DateTimeOffset until) => LockedUntil = until;

    public void Succeed(WebhookAttempt attempt)
    {
        Record(attempt);
        Status = DeliveryStatus.Succeeded;
        SucceededAt = attempt.AttemptedAt;
        LastError = null;
    }

    /// <summary>A failed attempt: retried at <paramref name="retryAt"/>, or failed for good when null.</summary>
    public void Fail(WebhookAttempt attempt, DateTimeOffset? retryAt)
    {
        Record(attempt);
        LastError = attempt.Error ?? $"HTTP {attempt.StatusCode}";
        if (retryAt is { } next)
        {
            NextAttemptAt = next;
        }
        else
        {
            Status = DeliveryStatus.Failed;
        }
    }

    /// <summary>Gives up without an attempt (the endpoint is disabled).</summary>
    public void Abandon(string reason)
    {
        Status = DeliveryStatus.Failed;
        LockedUntil = null;
        LastError = reason.Length > MaxErrorLength ? reason[..MaxErrorLength] : reason;
    }

    /// <summary>Schedules the delivery again now (replay, recover): a new run of the retry schedule.</summary>
    public void Requeue(DateTimeOffset now)
    {
        Status = DeliveryStatus.Pending;
        Attempts = 0;
        NextAttemptAt = now;
        LockedUntil = null;
    }

    private void Record(WebhookAttempt attempt)
    {
        AttemptLog.Add(attempt);
        Attempts++;
        LastAttemptAt = attempt.AttemptedAt;
        LastStatusCode = attempt.StatusCode;
        LockedUntil = null;
    }
}

/// <summary>One HTTP attempt of a delivery, for the delivery log.</summary>
public sealed class WebhookAttempt
{
    public const int MaxExcerptBytes = 1024;

    public long Id { get; private set; }

    public Guid DeliveryId { get; private set; }

    public DateTimeOffset AttemptedAt { get; init; }

    public int? StatusCode { get; init; }

    public bool Success { get; init; }

    public int LatencyMs { get; init; }

    public string? Error { get; init; }

    /// <summary>The first kilobyte (at most) of the answer's body.</summary>
    public string? ResponseExcerpt { get; init; }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.ToTable("webhook_deliveries");
        b.HasKey(d => d.Id);
        b.Property(d => d.Id).ValueGeneratedNever();
        b.Property(d => d.EventType).HasMaxLength(200);
        b.Property(d => d.LastError).HasMaxLength(WebhookDelivery.MaxErrorLength);
        b.HasIndex(d => new { d.EndpointId, d.EventId }).IsUnique();
        b.HasIndex(d => new { d.EndpointId, d.CreatedAt });
        b.HasIndex(d => new { d.EndpointId, d.NextAttemptAt, d.CreatedAt })
            .HasFilter("status = 0")
            .HasDatabaseName("ix_webhook_deliveries_due");
        b.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.AttemptLog).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(d => d.AttemptLog).AutoInclude(false);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> b)
    {
        b.ToTable("webhook_attempts");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).UseIdentityAlwaysColumn();
        b.Property(a => a.Error).HasMaxLength(WebhookDelivery.MaxErrorLength);
        b.Property(a => a.ResponseExcerpt).HasMaxLength(WebhookAttempt.MaxExcerptBytes);
        b.HasIndex(a => new { a.DeliveryId, a.AttemptedAt });
    }
}
