using Npgsql;
using RabatPlatform.Messaging;

namespace RabatPlatform.Persistence;

/// <summary>
/// PostgreSQL away for now: the connection failed or broke (Npgsql's own <see cref="NpgsqlException.IsTransient"/>),
/// the server is shutting down or starting (57P01–57P03), or it has no connection slot left (53300).
/// </summary>
internal sealed class PostgresTransientFailure : ITransientFailure
{
    private static readonly HashSet<string> States =
    [
        PostgresErrorCodes.AdminShutdown, PostgresErrorCodes.CrashShutdown, PostgresErrorCodes.CannotConnectNow,
        PostgresErrorCodes.TooManyConnections, PostgresErrorCodes.ConnectionException, PostgresErrorCodes.ConnectionFailure,
        PostgresErrorCodes.SqlClientUnableToEstablishSqlConnection,
    ];

    public bool IsTransient(Exception exception) => exception switch
    {
        PostgresException postgres => States.Contains(postgres.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };
}
