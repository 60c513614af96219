using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RabatPlatform.Publications.Features.Files;

/// <summary>An object of the <see cref="DatabaseFileStorage"/>: its key and length; the bytes are its chunks.</summary>
public sealed class StoredObject
{
    public required string Key { get; set; }

    public long Length { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary><see cref="DatabaseFileStorage.ChunkSize"/> bytes of an object (the last one shorter).</summary>
public sealed class StoredObjectChunk
{
    public required string Key { get; set; }

    public int Number { get; set; }

    public required byte[] Data { get; set; }
}

internal sealed class StoredObjectConfiguration : IEntityTypeConfiguration<StoredObject>
{
    public void Configure(EntityTypeBuilder<StoredObject> entity)
    {
        entity.ToTable("stored_objects");
        entity.HasKey(o => o.Key);
        entity.Property(o => o.Key).HasMaxLength(64);
    }
}

internal sealed class StoredObjectChunkConfiguration : IEntityTypeConfiguration<StoredObjectChunk>
{
    public void Configure(EntityTypeBuilder<StoredObjectChunk> entity)
    {
        entity.ToTable("stored_object_chunks");
        entity.HasKey(c => new { c.Key, c.Number });
        entity.Property(c => c.Key).HasMaxLength(64);
        // The bytes are mostly compressed already (PDF, DOCX…): the migration stores the column out of line
        // without TOAST compression (SET STORAGE EXTERNAL), which would spend CPU for nothing.
        entity.HasOne<StoredObject>().WithMany().HasForeignKey(c => c.Key).OnDelete(DeleteBehavior.Cascade);
    }
}
