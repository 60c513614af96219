using Microsoft.EntityFrameworkCore;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;
using RabatPlatform.Subscriptions.Features.Webhooks;

namespace RabatPlatform.Subscriptions.Data;

/// <summary>The subscriptions service's own database: its outbox and inbox so far; its features add their tables.</summary>
public sealed class SubscriptionsDbContext(DbContextOptions<SubscriptionsDbContext> options) : ServiceDbContext(options)
{
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<Subscriber> NewsletterSubscribers => Set<Subscriber>();

    public DbSet<Features.Email.QueuedMail> MailQueue => Set<Features.Email.QueuedMail>();

    public DbSet<Features.Email.DeliveryLogEntry> MailDeliveryLog => Set<Features.Email.DeliveryLogEntry>();

    public DbSet<Features.Email.NotificationItem> NotificationItems => Set<Features.Email.NotificationItem>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SubscriptionsDbContext).Assembly);
    }
}

/// <summary>Marker for the service's assembly (tests host it with WebApplicationFactory).</summary>
public sealed class SubscriptionsApiMarker;
