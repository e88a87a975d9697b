using System.Data.Common;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Web;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EqualCare.Web.Features.Demo;

/// <summary>
/// Generates synthetic persons into the persons table in one streaming pass: binary COPY on PostgreSQL, one prepared
/// insert in one transaction on SQLite; never the change tracker, which is 20–30 times slower (DESIGN, Stack).
/// Adds to what is there: ids continue after the largest one and ID numbers already in use are avoided, so it can run
/// again on the same database.
/// </summary>
public sealed class DemoPersonsWriter(DbConnectionFactory connections, TimeProvider clock)
{
    public async Task<int> GenerateAsync(int count, int seed, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        await using var connection = await connections.OpenAsync(ct);
        var communities = await DemoCommunities.LoadAsync(connection, ct);
        var maxId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT max(id) FROM persons", cancellationToken: ct)) ?? 0;
        var taken = maxId == 0 ? [] : await IdNumberKeysAsync(connection, ct);
        var generator = new DemoPersonGenerator(seed, new DemoPlaces(HukouCounties.Shipped, communities), clock.Today(),
            clock.UtcNow(), maxId + 1, taken);
        var persons = generator.Generate(count);
        return connection switch
        {
            NpgsqlConnection pg => await PostgresPersonsCopy.WriteAsync(pg, persons, ct),
            SqliteConnection sqlite => await SqlitePersonsInsert.WriteAsync(sqlite, persons, ct),
            _ => throw new NotSupportedException(connection.GetType().Name),
        };
    }

    /// <summary>The ID numbers already stored, as first-17-digit keys, streamed rather than materialised as strings.</summary>
    static async Task<HashSet<long>> IdNumberKeysAsync(DbConnection connection, CancellationToken ct)
    {
        var keys = new HashSet<long>();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT id_number FROM persons";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            if (SyntheticIdNumbers.KeyOf(reader.GetString(0)) is { } key) keys.Add(key);
        return keys;
    }
}
