using Npgsql;

namespace RabatPlatform.Publications.Features.Files;

/// <summary>
/// A read-only, seekable view of a <see cref="DatabaseFileStorage"/> object: each read fetches (and keeps) the
/// chunk under the position, so a range request reads one or two chunks and a full download streams them in
/// order without holding the file in memory.
/// </summary>
internal sealed class DatabaseObjectStream(NpgsqlDataSource dataSource, string key, long length) : Stream
{
    private long position;
    private int chunkNumber = -1;
    private byte[] chunk = [];

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        var number = (int)(position / DatabaseFileStorage.ChunkSize);
        if (number != chunkNumber)
        {
            await using var command = dataSource.CreateCommand("SELECT data FROM stored_object_chunks WHERE key = $1 AND number = $2");
            command.Parameters.Add(new NpgsqlParameter { Value = key });
            command.Parameters.Add(new NpgsqlParameter { Value = number });
            chunk = await command.ExecuteScalarAsync(cancellationToken) as byte[]
                ?? throw new IOException($"Stored object {key} has no chunk {number}.");
            chunkNumber = number;
        }

        var offset = (int)(position - ((long)number * DatabaseFileStorage.ChunkSize));
        var count = Math.Min(buffer.Length, chunk.Length - offset);
        if (count <= 0)
        {
            throw new IOException($"Stored object {key} is shorter than its length {length}.");
        }

        chunk.AsMemory(offset, count).CopyTo(buffer);
        position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        position = target;
        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
