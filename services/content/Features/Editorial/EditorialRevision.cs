using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RabatPlatform.Content.Data;
using RabatPlatform.Contracts;

namespace RabatPlatform.Content.Features.Editorial;

/// <summary>One saved state of an item: who, when, which fields changed, and the content to restore.</summary>
public sealed class EditorialRevision
{
    public long Id { get; set; }

    public Guid ItemId { get; set; }

    public int Number { get; set; }

    public required string Author { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>What was done: created, updated, scheduled, published, unpublished, archived, restored.</summary>
    public required string Action { get; set; }

    public List<string> Changes { get; set; } = [];

    /// <summary>The item's content after the save (<see cref="RevisionSnapshot"/> as JSON).</summary>
    public required string Snapshot { get; set; }
}

/// <summary>The content of an item at a revision.</summary>
public sealed record RevisionSnapshot(
    Dictionary<string, SnapshotVersion> Translations,
    List<string> Tags,
    string Status,
    DateTimeOffset? PublishAt,
    DateTimeOffset? UnpublishAt)
{
    public static readonly RevisionSnapshot Empty = new([], [], "", null, null);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RevisionSnapshot Of(EditorialItem item) => new(
        item.Translations.ToDictionary(t => t.Language, t => new SnapshotVersion(t.Title, t.Summary, t.Source, t.Format, t.Slug, t.Ready ? "ready" : "draft")),
        item.Tags.ToList(),
        item.Status.ToString().ToLowerInvariant(),
        item.PublishAt,
        item.UnpublishAt);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static RevisionSnapshot Deserialize(string json) => JsonSerializer.Deserialize<RevisionSnapshot>(json, Json) ?? Empty;

    /// <summary>The fields that differ from <paramref name="before"/> (<c>translations.fr.title</c>, <c>tags</c>…).</summary>
    public List<string> ChangesFrom(RevisionSnapshot before)
    {
        var changes = new List<string>();
        foreach (var language in Languages.All)
        {
            var old = before.Translations.GetValueOrDefault(language);
            var now = Translations.GetValueOrDefault(language);
            if (old is null && now is null)
            {
                continue;
            }

            if (old is null || now is null)
            {
                changes.Add($"translations.{language}");
                continue;
            }

            var field = $"translations.{language}";
            if (old.Title != now.Title) { changes.Add($"{field}.title"); }
            if (old.Summary != now.Summary) { changes.Add($"{field}.summary"); }
            if (old.Body != now.Body) { changes.Add($"{field}.body"); }
            if (old.Format != now.Format) { changes.Add($"{field}.format"); }
            if (old.Slug != now.Slug) { changes.Add($"{field}.slug"); }
            if (old.Status != now.Status) { changes.Add($"{field}.status"); }
        }

        if (!before.Tags.SequenceEqual(Tags)) { changes.Add("tags"); }
        if (before.Status != Status) { changes.Add("status"); }
        if (before.PublishAt != PublishAt) { changes.Add("publishAt"); }
        if (before.UnpublishAt != UnpublishAt) { changes.Add("unpublishAt"); }
        return changes;
    }
}

/// <param name="Body">The body's source (Markdown or HTML) as written.</param>
public sealed record SnapshotVersion(string Title, string? Summary, string? Body, string Format, string Slug, string Status);

internal sealed class EditorialRevisionConfiguration : IEntityTypeConfiguration<EditorialRevision>
{
    public void Configure(EntityTypeBuilder<EditorialRevision> builder)
    {
        builder.ToTable("editorial_revisions");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Author).HasMaxLength(200);
        builder.Property(r => r.Action).HasMaxLength(20);
        builder.Property(r => r.Snapshot).HasColumnType("jsonb");
        builder.HasIndex(r => new { r.ItemId, r.Number }).IsUnique();
        builder.HasOne<EditorialItem>().WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Keeps a revision for every save.</summary>
internal static class Revisions
{
    public static void Record(ContentDbContext db, EditorialItem item, RevisionSnapshot before, string action, string author, DateTimeOffset now)
    {
        var after = RevisionSnapshot.Of(item);
        db.Add(new EditorialRevision
        {
            ItemId = item.Id,
            Number = item.NextRevision(),
            Author = author,
            At = now,
            Action = action,
            Changes = after.ChangesFrom(before),
            Snapshot = after.Serialize(),
        });
    }
}
