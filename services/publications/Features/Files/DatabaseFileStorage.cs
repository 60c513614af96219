using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using RabatPlatform.Contracts;
using RabatPlatform.Messaging;
using RabatPlatform.Persistence;

namespace RabatPlatform.Publications.Features.Files;

/// <summary>
/// Objects in the service's own PostgreSQL database (<c>Publications:Storage:Kind</c> <c>Database</c>), in
/// chunks of <see cref="ChunkSize"/> bytes: one store for every replica with no shared volume. A write is one
/// transaction (nothing is left behind when it fails); a read fetches the chunk under the stream's position,
/// so ranges read only what they need.
/// </summary>
public sealed class DatabaseFileStorage : IFileStorage, IAsyncDisposable
{
    public const int ChunkSize = 1024 * 1024;

    private readonly NpgsqlDataSource dataSource;
    private readonly TimeProvider time;

    public DatabaseFileStorage(IConfiguration configuration, TimeProvider time)
    {
        this.time = time;
        var builder = new NpgsqlDataSourceBuilder(MessagingExtensions.RequiredConnectionString(configuration, ResourceNames.PublicationsDb));
        // As the service's DbContext: a command makes a span only inside a traced operation (an upload, a download).
        builder.ConfigureTracing(PersistenceExtensions.TraceOnlyInsideAnOperation);
        dataSource = builder.Build();
    }

    public async Task<string> WriteAsync(Stream content, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var key = StorageKeys.New(now);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, "INSERT INTO stored_objects (key, length, created_at) VALUES ($1, 0, $2)", cancellationToken, key, now);

        var buffer = new byte[ChunkSize];
        long length = 0;
        for (var number = 0; ; number++)
        {
            var read = await content.ReadAtLeastAsync(buffer, ChunkSize, throwOnEndOfStream: false, cancellationToken);
            if (read == 0 && number > 0)
            {
                break;
            }

            await using (var insert = new NpgsqlCommand("INSERT INTO stored_object_chunks (key, number, data) VALUES ($1, $2, $3)", connection))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = key });
                insert.Parameters.Add(new NpgsqlParameter { Value = number });
                insert.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = buffer.AsMemory(0, read), NpgsqlDbType = NpgsqlDbType.Bytea });
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            length += read;
            if (read < ChunkSize)
            {
                break;
            }
        }

        await ExecuteAsync(connection, "UPDATE stored_objects SET length = $2 WHERE key = $1", cancellationToken, key, length);
        await transaction.CommitAsync(cancellationToken);
        return key;
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT length FROM stored_objects WHERE key = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = StorageKeys.Checked(key) });
        return await command.ExecuteScalarAsync(cancellationToken) is long length
            ? new DatabaseObjectStream(dataSource, key, length)
            : null;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, "DELETE FROM stored_objects WHERE key = $1", cancellationToken, StorageKeys.Checked(key));
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM stored_objects WHERE key = $1)");
        command.Parameters.Add(new NpgsqlParameter { Value = StorageKeys.Checked(key) });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
