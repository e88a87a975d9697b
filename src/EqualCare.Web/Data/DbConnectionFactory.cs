using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EqualCare.Web.Data;

/// <summary>Plain ADO.NET connections for set-based SQL and bulk paths, where the change tracker would only cost.</summary>
public sealed class DbConnectionFactory(DatabaseSettings settings)
{
    public DatabaseProvider Provider => settings.Provider;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        DbConnection connection = settings.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(settings.ConnectionString)
            : new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);
        if (connection is SqliteConnection sqlite) await SqlitePragmas.ApplyAsync(sqlite, ct);
        return connection;
    }
}

static class SqlitePragmas
{
    /// <summary>WAL lets readers work while the import writes; a busy timeout instead of instant "database is locked".</summary>
    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
