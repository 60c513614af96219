using Npgsql;

namespace RabatPlatform.Tests.Infrastructure;

/// <summary>Empties every table of a service's database but the migrations history: the start of each test or drill.</summary>
public static class TableReset
{
    private const string TruncateAll = """
        DO $$
        DECLARE tables text;
        BEGIN
            SELECT string_agg(format('%I', tablename), ', ') INTO tables
            FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__ef_migrations_history';
            IF tables IS NOT NULL THEN EXECUTE 'TRUNCATE ' || tables || ' CASCADE'; END IF;
        END $$;
        """;

    /// <summary>Truncates the tables on <paramref name="connection"/> (open).</summary>
    public static async Task TruncateAllAsync(NpgsqlConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = TruncateAll;
        // A service's background work may still hold locks: TRUNCATE then loses a deadlock; try again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when ((ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable) && attempt < 5)
            {
                await Task.Delay(200 * attempt);
            }
        }
    }
}
