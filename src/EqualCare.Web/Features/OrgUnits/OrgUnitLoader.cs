using System.Data.Common;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace EqualCare.Web.Features.OrgUnits;

/// <summary>
/// Loads division codes into org_units: binary COPY into a staging table and one merge on PostgreSQL, prepared inserts
/// in one transaction on SQLite. Loading again updates names and adds new codes; nothing is deleted, because users and
/// records may still point at a retired code.
/// </summary>
public sealed class OrgUnitLoader(DbConnectionFactory connections)
{
    public const string DefaultProvince = "41"; // 河南省: the seed documents' 郑州市

    public async Task<int> LoadAsync(string? provincePrefix, CancellationToken ct = default)
    {
        if (provincePrefix is not null && (provincePrefix.Length != 2 || !provincePrefix.All(char.IsAsciiDigit)))
            throw new ArgumentException("A province is two digits, e.g. 41.", nameof(provincePrefix));
        var units = DivisionData.Read(provincePrefix);
        await using var connection = await connections.OpenAsync(ct);
        return connection switch
        {
            NpgsqlConnection pg => await LoadPostgresAsync(pg, units, ct),
            SqliteConnection sqlite => await LoadSqliteAsync(sqlite, units, ct),
            _ => throw new NotSupportedException(),
        };
    }

    public async Task<bool> IsEmptyAsync(CancellationToken ct = default)
    {
        await using var connection = await connections.OpenAsync(ct);
        return !await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM org_units)");
    }

    static async Task<int> LoadPostgresAsync(NpgsqlConnection connection, IEnumerable<OrgUnit> units, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(
            "CREATE TEMP TABLE org_units_staging (code VARCHAR(12), name TEXT, level INTEGER, parent_code VARCHAR(12)) ON COMMIT DROP", transaction: tx);
        var count = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(
                         "COPY org_units_staging (code, name, level, parent_code) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var u in units)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(u.Code, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(u.Name, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(u.Level, NpgsqlDbType.Integer, ct);
                if (u.ParentCode is null) await copy.WriteNullAsync(ct);
                else await copy.WriteAsync(u.ParentCode, NpgsqlDbType.Varchar, ct);
                count++;
            }
            await copy.CompleteAsync(ct);
        }
        await connection.ExecuteAsync("""
            INSERT INTO org_units (code, name, level, parent_code)
            SELECT code, name, level, parent_code FROM org_units_staging
            ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code
            """, transaction: tx);
        await tx.CommitAsync(ct);
        return count;
    }

    static async Task<int> LoadSqliteAsync(SqliteConnection connection, IEnumerable<OrgUnit> units, CancellationToken ct)
    {
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO org_units (code, name, level, parent_code) VALUES ($code, $name, $level, $parent)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent_code = excluded.parent_code
            """;
        var code = cmd.AddParameter("$code");
        var name = cmd.AddParameter("$name");
        var level = cmd.AddParameter("$level");
        var parent = cmd.AddParameter("$parent");
        await cmd.PrepareAsync(ct);
        var count = 0;
        foreach (var u in units)
        {
            code.Value = u.Code;
            name.Value = u.Name;
            level.Value = u.Level;
            parent.Value = (object?)u.ParentCode ?? DBNull.Value;
            await cmd.ExecuteNonQueryAsync(ct);
            count++;
        }
        await tx.CommitAsync(ct);
        return count;
    }
}
