using System.Data.Common;
using Dapper;
using EqualCare.Web.Data;
using EqualCare.Web.Web;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EqualCare.Web.Features.Demo;

/// <summary>
/// Generates synthetic persons, then their service records, each in one streaming pass: binary COPY on PostgreSQL, one prepared
/// insert in one transaction on SQLite; never the change tracker, which is 20–30 times slower (docs/design.md §Stack).
/// Adds to what is there: ids continue after the largest one and ID numbers already in use are avoided, so it can run
/// again on the same database.
/// </summary>
public sealed class DemoPersonsWriter(DbConnectionFactory connections, TimeProvider clock)
{
    /// <summary>N persons and their service records (<see cref="DemoServiceGenerator"/>); returns the number of persons.</summary>
    public async Task<int> GenerateAsync(int count, int seed, CancellationToken ct)
    {
        var persons = await WritePersonsAsync(count, seed, ct);
        await WriteServicesAsync(persons, seed, ct);
        return persons.Count;
    }

    /// <summary>
    /// The persons alone; returns what the service generator needs of each (a few dozen bytes a person, so a million fit
    /// in memory and the persons need not be read back).
    /// </summary>
    public async Task<IReadOnlyList<DemoServicePerson>> WritePersonsAsync(int count, int seed, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        await using var connection = await connections.OpenAsync(ct);
        var communities = await DemoCommunities.LoadAsync(connection, count, ct);
        var maxId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT max(id) FROM persons", cancellationToken: ct)) ?? 0;
        var taken = maxId == 0 ? [] : await IdNumberKeysAsync(connection, ct);
        var generator = new DemoPersonGenerator(seed, new DemoPlaces(HukouCounties.Shipped, communities), clock.Today(),
            clock.UtcNow(), maxId + 1, taken);
        var facts = new List<DemoServicePerson>(count);
        var persons = generator.Generate(count).Select(p =>
        {
            facts.Add(DemoServicePerson.Of(p));
            return p;
        });
        var written = connection switch
        {
            NpgsqlConnection pg => await PostgresPersonsCopy.WriteAsync(pg, persons, ct),
            SqliteConnection sqlite => await SqlitePersonsInsert.WriteAsync(sqlite, persons, ct),
            _ => throw new NotSupportedException(connection.GetType().Name),
        };
        if (written != facts.Count) throw new InvalidOperationException($"{written} persons written, {facts.Count} generated.");
        return facts;
    }

    /// <summary>
    /// The service records of persons just written, then the certificates, check-up attendance and survey answers the
    /// generator kept beside them; returns the number of records.
    /// </summary>
    public async Task<int> WriteServicesAsync(IReadOnlyList<DemoServicePerson> persons, int seed, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var stamp = clock.UtcNow();
        var generator = new DemoServiceGenerator(seed, clock.Today(), stamp);
        var records = generator.For(persons);
        var written = connection switch
        {
            NpgsqlConnection pg => await DemoServicesCopy.WriteAsync(pg, records, ct),
            SqliteConnection sqlite => await DemoServicesCopy.WriteAsync(sqlite, records, ct),
            _ => throw new NotSupportedException(connection.GetType().Name),
        };
        await DemoRecordsWriter.WriteAsync(connection, generator, stamp, ct);
        return written;
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
