using System.Data.Common;
using System.Reflection;
using Dapper;

namespace EqualCare.Web.Data;

/// <summary>
/// Applies the versioned SQL scripts of the configured provider (Data/Migrations/&lt;Provider&gt;/NNNN_name.sql, embedded)
/// in order, each in its own transaction, and records them in schema_migrations. On PostgreSQL an advisory lock keeps
/// two starting instances from migrating at once; on SQLite BEGIN IMMEDIATE does the same.
/// </summary>
public sealed class MigrationRunner(DbConnectionFactory connections, TimeProvider clock, ILogger<MigrationRunner> logger)
{
    const long AdvisoryLockKey = 0x45_71_75_61_6C; // "Equal"

    public static IReadOnlyList<(string Version, string Sql)> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var prefix = $"EqualCare.Web.Data.Migrations.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[prefix.Length..^4], Read(assembly, n)))
            .ToList();
    }

    static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <returns>The versions applied by this call.</returns>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        var postgres = connections.Provider == DatabaseProvider.Postgres;
        if (postgres) await connection.ExecuteAsync($"SELECT pg_advisory_lock({AdvisoryLockKey})");
        try
        {
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version VARCHAR(200) PRIMARY KEY, applied_at VARCHAR(40) NOT NULL)");
            var applied = (await connection.QueryAsync<string>("SELECT version FROM schema_migrations")).ToHashSet();
            var done = new List<string>();
            foreach (var (version, sql) in Scripts(connections.Provider))
            {
                if (applied.Contains(version)) continue;
                await ApplyAsync(connection, version, sql, postgres, ct);
                logger.LogInformation("Applied migration {Version}", version);
                done.Add(version);
            }
            return done;
        }
        finally
        {
            if (postgres) await connection.ExecuteAsync($"SELECT pg_advisory_unlock({AdvisoryLockKey})");
        }
    }

    async Task ApplyAsync(DbConnection connection, string version, string sql, bool postgres, CancellationToken ct)
    {
        if (!postgres) await connection.ExecuteAsync("BEGIN IMMEDIATE");
        await using var tx = postgres ? await connection.BeginTransactionAsync(ct) : null;
        try
        {
            await using (var cmd = connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = sql;
                // No time limit: a script that builds an index on a large table (1,000,000 persons: tens of seconds on a
                // busy machine) outlasts the 30-second default, and a timed-out migration is rolled back and retried at
                // every start. Cancelling the start still stops it.
                cmd.CommandTimeout = 0;
                await cmd.ExecuteNonQueryAsync(ct);
            }
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at)",
                new { version, at = clock.GetUtcNow().ToString("O") }, tx);
            if (tx is not null) await tx.CommitAsync(ct);
            else await connection.ExecuteAsync("COMMIT");
        }
        catch
        {
            if (tx is null) await connection.ExecuteAsync("ROLLBACK");
            throw;
        }
    }
}
