using System.Data.Common;
using System.Diagnostics;
using System.Text;
using Dapper;
using EqualCare.Web.Data;
using Microsoft.Data.Sqlite;

namespace EqualCare.Bench;

/// <summary>
/// The baseline on SQLite: the rows just generated, exported to a CSV file, then loaded by the sqlite3 shell's
/// <c>.import --csv</c> into an empty table made from persons' own DDL and indexes. (The shell reads empty fields as
/// empty strings rather than NULL; the rows are otherwise the same.)
/// </summary>
static class SqliteImportBaseline
{
    /// <summary>As in the app's SQLite bulk writer.</summary>
    const int CacheKiB = 256 * 1024;

    public static async Task<(string Tool, double Seconds)> RunAsync(DbConnectionFactory connections, long idsAfter, string csv,
        CancellationToken ct)
    {
        if (!GenerateBench.OnPath("sqlite3")) throw new InvalidOperationException("The SQLite baseline needs the sqlite3 shell on PATH.");
        string file;
        await using (var connection = (SqliteConnection)await connections.OpenAsync(ct))
        {
            file = connection.DataSource;
            await ExportAsync(connection, idsAfter, csv, ct);
            await connection.ExecuteAsync($"DROP TABLE IF EXISTS {GenerateBench.BaselineTable}");
            var ddl = await connection.QueryAsync<string>(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'persons' AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC");
            foreach (var statement in ddl)
                await connection.ExecuteAsync(statement
                    .Replace("ix_persons_", "ix_baseline_", StringComparison.Ordinal)
                    .Replace("persons", GenerateBench.BaselineTable, StringComparison.Ordinal));
        }
        SqliteConnection.ClearAllPools();
        try
        {
            var start = new ProcessStartInfo("sqlite3");
            // The same page cache the generator's writer takes for its load, so that only the loaders differ.
            start.ArgumentList.Add("-cmd");
            start.ArgumentList.Add($"PRAGMA cache_size = -{CacheKiB}");
            start.ArgumentList.Add(file);
            start.ArgumentList.Add($".import --csv '{csv}' {GenerateBench.BaselineTable}");
            return ($"sqlite3 .import --csv (cache_size {CacheKiB / 1024} MiB)", await GenerateBench.TimeToolAsync(start, ct));
        }
        finally
        {
            await using var connection = await connections.OpenAsync(ct);
            await connection.ExecuteAsync($"DROP TABLE IF EXISTS {GenerateBench.BaselineTable}");
        }
    }

    /// <summary>Plain CSV: none of the generated values holds a comma, a quote or a line break.</summary>
    static async Task ExportAsync(DbConnection connection, long idsAfter, string csv, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {string.Join(", ", GenerateBench.Columns)} FROM persons WHERE id > {idsAfter} ORDER BY id";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await using var file = new StreamWriter(csv, append: false, new UTF8Encoding(false));
        var line = new StringBuilder();
        while (await reader.ReadAsync(ct))
        {
            line.Clear();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (i > 0) line.Append(',');
                if (!reader.IsDBNull(i)) line.Append(reader.GetValue(i).ToString());
            }
            await file.WriteLineAsync(line, ct);
        }
    }
}
