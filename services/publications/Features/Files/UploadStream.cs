using System.Security.Cryptography;

namespace RabatPlatform.Publications.Features.Files;

/// <summary>The upload is larger than the configured limit.</summary>
public sealed class UploadTooLargeException(long limit) : Exception($"The upload exceeds {limit} bytes.")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// A read-only pass-through over an upload: counts the bytes (throwing past the limit), hashes them with
/// SHA-256 as they go, and keeps the first bytes for the type check.
/// </summary>
public sealed class UploadStream(Stream inner, long limit) : Stream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] head = new byte[8];

    public long Length_ { get; private set; }

    public ReadOnlySpan<byte> Head => head.AsSpan(0, (int)Math.Min(Length_, head.Length));

    public string Sha256() => Convert.ToHexStringLower(hash.GetHashAndReset());

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Account(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Account(buffer.Span[..read]);
        return read;
    }

    private void Account(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (Length_ < head.Length)
        {
            var n = (int)Math.Min(head.Length - Length_, bytes.Length);
            bytes[..n].CopyTo(head.AsSpan((int)Length_));
        }

        Length_ += bytes.Length;
        if (Length_ > limit)
        {
            throw new UploadTooLargeException(limit);
        }

        hash.AppendData(bytes);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Length_; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
