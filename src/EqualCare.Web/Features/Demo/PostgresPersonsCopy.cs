using Dapper;
using EqualCare.Web.Domain;
using Npgsql;
using NpgsqlTypes;

namespace EqualCare.Web.Features.Demo;

/// <summary>Persons into PostgreSQL by binary COPY: the same rate as <c>psql \copy</c>, far above row inserts.</summary>
static class PostgresPersonsCopy
{
    const string Copy = """
        COPY persons (id, name, id_number, sex, birth_date, community_code, hukou_county_code, arrival_date, marital_status,
                      spouse_id, mother_id, father_id, occupation, phone, created_at, updated_at, version)
        FROM STDIN (FORMAT BINARY)
        """;

    public static async Task<int> WriteAsync(NpgsqlConnection connection, IEnumerable<Person> persons, CancellationToken ct)
    {
        var count = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(Copy, ct))
        {
            foreach (var p in persons)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(p.Id, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(p.Name, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.IdNumber, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync((short)p.Sex, NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(p.BirthDate, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(p.CommunityCode, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(p.HukouCountyCode, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(p.ArrivalDate, NpgsqlDbType.Date, ct);
                await copy.WriteAsync((short)p.MaritalStatus, NpgsqlDbType.Smallint, ct);
                await WriteNullableAsync(copy, p.SpouseId, ct);
                await WriteNullableAsync(copy, p.MotherId, ct);
                await WriteNullableAsync(copy, p.FatherId, ct);
                await WriteNullableAsync(copy, p.Occupation, ct);
                await WriteNullableAsync(copy, p.Phone, ct);
                await copy.WriteAsync(p.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(p.UpdatedAt, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(p.Version, NpgsqlDbType.Integer, ct);
                count++;
            }
            await copy.CompleteAsync(ct);
        }
        // The ids were given explicitly; move the identity on so that later inserts through EF get fresh ones.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT setval(pg_get_serial_sequence('persons', 'id'), (SELECT max(id) FROM persons))", cancellationToken: ct));
        return count;
    }

    static Task WriteNullableAsync(NpgsqlBinaryImporter copy, long? value, CancellationToken ct) =>
        value is { } v ? copy.WriteAsync(v, NpgsqlDbType.Bigint, ct) : copy.WriteNullAsync(ct);

    static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is not null ? copy.WriteAsync(value, NpgsqlDbType.Text, ct) : copy.WriteNullAsync(ct);
}
