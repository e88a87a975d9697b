using System.Data;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EqualCare.Web.Features.Backup;

/// <summary>One table's row count and SHA-256 of its rows, read in primary-key order.</summary>
public sealed record TableChecksum(string Table, long Rows, string Sha256)
{
    public override string ToString() => $"{Table,-40} {Rows,10} {Sha256}";
}

/// <summary>
/// What <c>db verify</c> prints: every table of the database with its row count and a checksum of its rows, so that a
/// restored database can be compared with the one that was backed up, table by table, the audit log included. Rows are
/// read one at a time in primary-key order (all columns when a table has none), so the memory used does not grow with
/// the table. The checksum is of the values as the database itself gives them: comparable between two databases of the
/// same provider, not between SQLite and PostgreSQL.
/// </summary>
public static class TableChecksums
{
    public static async Task<IReadOnlyList<TableChecksum>> OfPostgresAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        // The text of a value depends on these session settings (timestamptz on TimeZone above all): fix them, so that
        // the same rows give the same text on any server and connection.
        await connection.ExecuteAsync(
            "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 1; SET bytea_output = 'hex'");
        var columns = (await connection.QueryAsync<(string Schema, string Table, string? Column, bool Collatable)>(
            """
            SELECT n.nspname, c.relname, a.attname, COALESCE(a.attcollation <> 0, false)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
            LEFT JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) ON true
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
            ORDER BY n.nspname, c.relname, k.ord
            """)).ToList();
        var result = new List<TableChecksum>();
        foreach (var table in columns.GroupBy(c => (c.Schema, c.Table)))
        {
            var name = table.Key.Schema == "public" ? table.Key.Table : table.Key.Schema + "." + table.Key.Table;
            // Text keys in byte order ("C"), so the order does not depend on the collation the restored database got.
            var key = table.Where(c => c.Column is not null)
                .Select(c => Quote(c.Column!) + (c.Collatable ? " COLLATE \"C\"" : ""))
                .DefaultIfEmpty("ROW(r.*)::text COLLATE \"C\"");
            await using var command = new NpgsqlCommand(
                $"SELECT ROW(r.*)::text FROM {Quote(table.Key.Schema)}.{Quote(table.Key.Table)} AS r ORDER BY {string.Join(", ", key)}", connection);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
            var sum = new RowHash();
            while (await reader.ReadAsync(ct)) sum.AddRow(reader.GetString(0));
            result.Add(sum.Result(name));
        }
        return Sorted(result);
    }

    public static async Task<IReadOnlyList<TableChecksum>> OfSqliteAsync(SqliteConnection connection, CancellationToken ct)
    {
        // Virtual tables are left out: their contents live in their shadow tables, which are ordinary tables here.
        var tables = (await connection.QueryAsync<string>(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL%'")).ToList();
        var result = new List<TableChecksum>();
        foreach (var table in tables)
        {
            var key = (await connection.QueryAsync<string>(
                "SELECT name FROM pragma_table_info(@table) WHERE pk > 0 ORDER BY pk", new { table })).Select(Quote).ToList();
            if (key.Count == 0)
            {
                var count = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM pragma_table_info(@table)", new { table });
                key = Enumerable.Range(1, (int)count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
            }
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {Quote(table)} ORDER BY {string.Join(", ", key)}";
            await using var reader = await command.ExecuteReaderAsync(ct);
            var sum = new RowHash();
            var row = new StringBuilder();
            while (await reader.ReadAsync(ct))
            {
                row.Clear();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (i > 0) row.Append('\t');
                    // A type tag and, for text, its length: no value can pass for another or for a column boundary.
                    switch (reader.IsDBNull(i) ? null : reader.GetValue(i))
                    {
                        case null: row.Append('N'); break;
                        case long l: row.Append('i').Append(l.ToString(CultureInfo.InvariantCulture)); break;
                        case double d: row.Append('r').Append(d.ToString("R", CultureInfo.InvariantCulture)); break;
                        case byte[] b: row.Append('b').Append(Convert.ToHexString(b)); break;
                        case var v:
                            var s = Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";
                            row.Append('t').Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(s);
                            break;
                    }
                }
                sum.AddRow(row.ToString());
            }
            result.Add(sum.Result(table));
        }
        return Sorted(result);
    }

    static List<TableChecksum> Sorted(List<TableChecksum> tables) =>
        tables.OrderBy(t => t.Table, StringComparer.Ordinal).ToList();

    static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    sealed class RowHash
    {
        readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long rows;

        public void AddRow(string row)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(row));
            hash.AppendData("\n"u8);
            rows++;
        }

        public TableChecksum Result(string table)
        {
            using (hash) return new TableChecksum(table, rows, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
    }
}
